"""What a reader typed into search, made into words the search backend can take.

The site's search page and the API's ``q`` both go through ``search_words``. The database
search backend puts each word into the backend's own query syntax: SQLite FTS5 quotes it
with ``"`` (so a ``"`` in a word is a syntax error) and PostgreSQL rejects a NUL byte in any
string. The full-text tokenizers of both split words at punctuation and symbols anyway, so
keeping only letters, marks and digits loses nothing a search could have matched.
"""

import unicodedata

from .i18n import normalise_query

# Unicode general categories kept: letters (L*), combining marks (M*), numbers (N*).
_WORD_CATEGORIES = ("L", "M", "N")


def _word_character(char):
    return unicodedata.category(char)[0] in _WORD_CATEGORIES


def search_words(text):
    """The query as lower-case words separated by single spaces; "" when nothing is left."""
    text = normalise_query(text or "")
    return " ".join("".join(c if _word_character(c) else " " for c in text).split())
