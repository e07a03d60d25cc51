"""What a page's search index entry holds: its terms, or its text for an engine that analyses.

The database backends (SQLite FTS5, PostgreSQL with the ``simple`` configuration) only split
at spaces and fold case, so they index the terms of ``analysis.terms`` and are queried with
the same terms. OpenSearch runs the same analysis itself (``opensearch.analysis_settings``),
so it gets the normalised text.
"""

from django.conf import settings

from .analysis import normalise, terms

ENGINE_BACKENDS = ("elasticsearch", "opensearch")


def analysed_by_engine():
    """True when the search backend analyses text itself (OpenSearch or Elasticsearch)."""
    backend = settings.WAGTAILSEARCH_BACKENDS["default"]["BACKEND"]
    return any(name in backend for name in ENGINE_BACKENDS)


def index_text(text, language):
    if analysed_by_engine():
        return normalise(text)
    return " ".join(terms(text, language))
