"""The words a search matched, marked in a page's title and in a snippet of the text around them.

A word is marked when its index term is one of the query's terms, so "بالتعذيب" is marked for
a search for "تعذيب" and "journalist's" for "journalists". The text is escaped piece by piece
and only the ``<mark>`` tags around matched words are added as HTML: whatever an editor or a
reader typed, the result is safe to put in a page.
"""

import re
from collections import deque
from functools import lru_cache
from itertools import islice

from django.utils.html import escape
from django.utils.safestring import mark_safe

from .analysis import term

SNIPPET_WORDS = 36
WORDS_BEFORE = 10  # context shown before the first match, so the snippet is not its first word

# Letters and digits with the combining marks that sit on them (Arabic harakat, shadda,
# superscript alef, Quranic marks; Latin accents when decomposed): one written word.
_WORD = re.compile(r"(?:[^\W_]|[\u0300-\u036f\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed])+")


@lru_cache(maxsize=65536)
def _term(word, language):
    return term(word, language)


def _matches(word, terms, language):
    return _term(word, language) in terms


def _words(text):
    return [_span(found) for found in _WORD.finditer(text)]


def _span(found):
    return found.start(), found.end(), found.group()


def marked(text, terms, language):
    """The whole of ``text``, escaped, with the matched words marked."""
    return _render(text, _words(text), 0, len(text), terms, language)


def snippet(text, terms, language, length=SNIPPET_WORDS):
    """About ``length`` words of ``text`` around its first matched word, marked and escaped.

    Starts a few words before that word (at the start of the text when it is near), with "…"
    where text was left out. Without a matched word: the opening words, unmarked.
    """
    window, begin, end = _window(text, terms, language, length)
    if not window:
        return escape(text)
    html = _render(text, window, begin, end, terms, language)
    before = "…\u00a0" if begin else ""
    after = "\u00a0…" if end < len(text) else ""
    return mark_safe(f"{before}{html}{after}")


def _window(text, terms, language, length):
    """(words, begin, end): the ``length`` words shown and the part of ``text`` they span.

    Reads the words only as far as the window: a long report's text is not split whole for a
    snippet of its first paragraph.
    """
    found = _WORD.finditer(text)
    recent = deque(maxlen=max(length, WORDS_BEFORE + 1))  # the latest words read
    opening = []  # the first ``length`` words, for a text with no match
    first = None
    read = 0
    for index, match in enumerate(found):
        read = index + 1
        word = _span(match)
        recent.append(word)
        if len(opening) < length:
            opening.append(word)
        if _matches(word[2], terms, language):
            first = index
            break
    if first is None:  # the opening words; every word has been read
        return opening, 0, len(text) if read <= length else opening[-1][1]
    following = [_span(match) for match in islice(found, length)]
    words = [*recent, *following]
    base = first + 1 - len(recent)  # the index of words[0] in the whole text
    start = max(0, first - WORDS_BEFORE)
    if len(following) < length:  # the text ends inside: show the last ``length`` words
        start = max(0, min(start, base + len(words) - length))
    window = words[start - base : start - base + length]
    begin = window[0][0] if start else 0
    ends_inside = start - base + length >= len(words) and len(following) < length
    return window, begin, len(text) if ends_inside else window[-1][1]


def _render(text, words, begin, end, terms, language):
    """text[begin:end], escaped, with each of ``words`` (spans inside it) that matches marked;
    matched words with only spaces between them share one mark, so a phrase reads as one."""
    marks = []
    for start, stop, word in words:
        if not _matches(word, terms, language):
            continue
        if marks and not text[marks[-1][1] : start].strip():
            marks[-1][1] = stop
        else:
            marks.append([start, stop])
    pieces = []
    done = begin
    for start, stop in marks:
        pieces += [escape(text[done:start]), "<mark>", escape(text[start:stop]), "</mark>"]
        done = stop
    pieces.append(escape(text[done:end]))
    return mark_safe("".join(pieces))
