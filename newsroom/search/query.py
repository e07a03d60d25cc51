"""What a reader typed, made into terms and phrases, and the pages that match it.

Words are matched by their terms (``analysis.terms``), all of them (AND). Text between double
quotes, straight or curly (" “ ” „ « »), is a phrase: its terms next to each other, in order.
An unbalanced quote and any other punctuation are only text; a query that leaves no term is
empty and matches nothing. The site's search page and the API's ``q`` both go through
``parse_query`` and ``engine.matched``: one code path for SQLite, PostgreSQL and OpenSearch.
"""

from dataclasses import dataclass, field

from .analysis import compound_parts, compounds, terms

QUOTES = str.maketrans(dict.fromkeys("\u201c\u201d\u201e\u201f\u00ab\u00bb\uff02", '"'))
# Enough for any real query; a pasted page becomes its first words, not a slow search.
MAX_CHARACTERS = 1000
MAX_TERMS = 32


@dataclass(frozen=True)
class SearchQuery:
    raw: str
    language: str
    words: tuple[str, ...]  # terms that must each be in a page
    phrases: tuple[tuple[str, ...], ...]  # runs of terms a page must hold in this order
    # The same as written (normalised), for an engine that analyses text itself.
    written_words: str = field(default="", repr=False)
    written_phrases: tuple[str, ...] = field(default=(), repr=False)

    def __bool__(self):
        return bool(self.words or self.phrases)

    @property
    def terms(self):
        """Every term of the query, once each, in order: what highlighting marks."""
        found = [*self.words, *(term for phrase in self.phrases for term in phrase)]
        return tuple(dict.fromkeys(found))


def _clean(raw):
    text = (raw or "")[:MAX_CHARACTERS].translate(QUOTES)
    text = "".join(" " if char < " " or char == "\x7f" else char for char in text)
    if text.count('"') % 2:
        # An unbalanced quote is text, and text between quotes only matters in pairs.
        head, _quote, tail = text.rpartition('"')
        text = f"{head} {tail}"
    return text


def _word_terms(text):
    return [term for compound in compounds(text) for term in compound_parts(compound) if term]


def parse_query(raw, language):
    """The terms and phrases of ``raw`` as typed in ``language``; never raises."""
    words, phrases, written_words, written_phrases = [], [], [], []
    for position, segment in enumerate(_clean(raw).split('"')):
        quoted = position % 2 == 1
        found = terms(segment, language) if quoted else _word_terms(segment)
        if quoted and len(found) > 1:
            phrases.append(tuple(found[:MAX_TERMS]))
            written_phrases.append(" ".join(compounds(segment)))
        else:
            words += found
            written_words += compounds(segment)
    return SearchQuery(
        raw=raw or "",
        language=language,
        words=tuple(dict.fromkeys(words))[:MAX_TERMS],
        phrases=tuple(phrases),
        written_words=" ".join(written_words[:MAX_TERMS]),
        written_phrases=tuple(written_phrases),
    )
