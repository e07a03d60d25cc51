"""Search backend settings, and OpenSearch analysis generated from ``analysis``'s word lists.

Without ``OPENSEARCH_URL`` the site searches with Wagtail's database backend (SQLite FTS5 or
PostgreSQL): pages index the terms of ``analysis.terms`` and queries are made of the same
terms. With ``OPENSEARCH_URL`` (e.g. ``https://user:password@search.example.org:9200``) it uses
Wagtail's OpenSearch backend, which analyses text itself: the analyzer below, built from the
same lists and tables, makes the same terms. It becomes the index's ``default`` analyzer, so
every searchable field and every query goes through it. As in ``analysis``, a word's script
decides its analysis, so one analyzer serves both languages.

Build the index with ``manage.py update_index`` after setting ``OPENSEARCH_URL``; the backend
needs the ``opensearch-py`` client (3.x for ``opensearch3``).
"""

import unicodedata

from . import analysis

OPENSEARCH_BACKEND = "wagtail.search.backends.opensearch3"
INDEX_PREFIX = "newsroom_"
ANALYZER = "default"

# What ``analysis.normalise`` changes, found by asking it about each character of these
# ranges: Latin combining marks, the Arabic blocks and Arabic presentation forms.
_NORMALISED_RANGES = ((0x0300, 0x036F), (0x0600, 0x06FF), (0xFB50, 0xFDFF), (0xFE70, 0xFEFF))
# A token: letters and digits, joined by analysis's joiners (Java regular expressions).
_LETTERS = r"[\p{L}\p{N}]"


def search_backends(opensearch_url):
    """``WAGTAILSEARCH_BACKENDS`` for settings."""
    if not opensearch_url:
        # "simple": PostgreSQL only splits and folds case, like SQLite: the terms are ours.
        return {
            "default": {"BACKEND": "wagtail.search.backends.database", "SEARCH_CONFIG": "simple"}
        }
    return {
        "default": {
            "BACKEND": OPENSEARCH_BACKEND,
            "URLS": [opensearch_url],
            "INDEX_PREFIX": INDEX_PREFIX,
            "TIMEOUT": 5,
            "INDEX_SETTINGS": {"settings": {"analysis": analysis_settings()}},
        }
    }


def normalisation_mappings():
    """``from => to`` of every character ``analysis.normalise`` changes in the ranges above."""
    mappings = []
    for first, last in _NORMALISED_RANGES:
        for code in range(first, last + 1):
            char = chr(code)
            if unicodedata.category(char) == "Cn":
                continue
            folded = analysis.normalise(char)
            if folded != char:
                mappings.append(f"{_escape(char)} => {_escape(folded)}")
    return mappings


def _escape(text):
    """Characters as \\uXXXX: a mapping char filter reads them, and marks stay visible."""
    return "".join(f"\\u{ord(char):04X}" for char in text)


def _alternatives(words):
    return "|".join(sorted(words, key=lambda word: (-len(word), word)))


def _kept_guard():
    return f"^(?!(?:{_alternatives(analysis.KEPT_WORDS)})$)"


def _replace(pattern, replacement=""):
    return {"type": "pattern_replace", "pattern": pattern, "replacement": replacement}


def arabic_filters():
    """{name: token filter}, in the order ``analysis.arabic_term`` applies its rules."""
    a = analysis
    guard = _kept_guard()
    stems = a.protected_stems()
    long_stems = [stem for stem in stems if len(stem) >= a.PROTECTED_PREFIX]
    unprotected = f"(?!(?:{_alternatives(stems)})$)(?!(?:{_alternatives(long_stems)}).)"
    own_lam = [article[:-2] for article in a.ARTICLES if article.endswith("لل") and article != "لل"]
    before, dual = a.ADJECTIVE_DUAL
    stem_min = a.STEM_MIN
    filters = {
        "newsroom_ar_own_lam": _replace(
            f"{guard}(?:{_alternatives(own_lam)})?لل(?=(?:{_alternatives(a.own_lam_rests())}))",
            "ل",
        ),
        "newsroom_ar_article": _replace(
            f"{guard}(?:{_alternatives(a.ARTICLES)})(?=.{{{a.ARTICLE_REST}}})"
        ),
        "newsroom_ar_pronoun": _replace(
            f"{guard}(.{{{stem_min},}}?)(?:{a.CONSTRUCT_PLURAL})?"
            f"(?:{_alternatives(a.PRONOUN_SUFFIXES)})$",
            "$1",
        ),
    }
    for round_ in range(a.ENDING_ROUNDS):
        filters[f"newsroom_ar_dual_{round_}"] = _replace(
            f"{guard}(.{{{stem_min},}}{before}){dual}$", "$1"
        )
        filters[f"newsroom_ar_ending_{round_}"] = _replace(
            f"{guard}(.{{{stem_min},}}?)(?:{_alternatives(a.ENDINGS)})$", "$1"
        )
    for name, letters in (("conjunction", a.CONJUNCTIONS), ("preposition", a.PREPOSITIONS)):
        filters[f"newsroom_ar_{name}"] = _replace(
            f"{guard}{unprotected}[{''.join(letters)}](?=.{{{a.PROCLITIC_REST}}})"
        )
    filters["newsroom_ar_final_ya"] = _replace(
        f"^({_alternatives(stem[:-1] for stem in a.FINAL_YA_DROPS)})ي$", "$1"
    )
    return filters


def analysis_settings():
    """The ``analysis`` section of the index settings: the ``default`` analyzer."""
    joiners = "".join(f"\\u{ord(char):04X}" for char in analysis.JOINERS)
    # Every form, its term too: the rule marks it, so the stemmer leaves it alone.
    overrides = [
        f"{form} => {term}" for term, forms in analysis.ENGLISH_OVERRIDES.items() for form in forms
    ]
    arabic = arabic_filters()
    return {
        "char_filter": {
            "newsroom_normalise": {"type": "mapping", "mappings": normalisation_mappings()}
        },
        "tokenizer": {
            "newsroom_words": {
                "type": "pattern",
                "pattern": f"{_LETTERS}+(?:[{joiners}]+{_LETTERS}+)*",
                "group": 0,
            }
        },
        "filter": {
            "newsroom_parts": {
                "type": "word_delimiter_graph",
                "generate_word_parts": True,
                "generate_number_parts": True,
                "catenate_all": True,
                "preserve_original": False,
                "split_on_case_change": False,
                "split_on_numerics": False,
                "stem_english_possessive": True,
            },
            "newsroom_en_overrides": {"type": "stemmer_override", "rules": overrides},
            "newsroom_en_stemmer": {"type": "snowball", "language": "English"},
            **arabic,
        },
        "analyzer": {
            ANALYZER: {
                "type": "custom",
                "char_filter": ["newsroom_normalise"],
                "tokenizer": "newsroom_words",
                "filter": [
                    "lowercase",
                    "asciifolding",
                    "newsroom_parts",
                    "newsroom_en_overrides",
                    "newsroom_en_stemmer",
                    *arabic,
                ],
            }
        },
    }
