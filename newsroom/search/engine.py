"""What results need from matching: the pages that match a query, as a queryset that facets
can count, dates can sort and ``ranking`` can order.

The site's search page and the API's ``q`` both call ``matched``: one code path, one
behaviour. On the database backends it asks the index of the pages' terms
(``term_index``); an engine that analyses text itself (OpenSearch) gets the words as written
through Wagtail, and its ranked list is cut at MAX_ENGINE_MATCHES.
"""

import operator
from functools import reduce

from wagtail.models import Page
from wagtail.search.query import Phrase, PlainText

from .indexing import analysed_by_engine
from .term_index import matching

# An engine that answers with a ranked list, not a query (OpenSearch): how much of the list
# facets and sorting see.
MAX_ENGINE_MATCHES = 1000


def matched(rows, query):
    """The rows of the queryset ``rows`` that match the parsed ``query``, in the queryset's
    own order (or none): pages, or rows whose primary key is a page's (``PageFacts``)."""
    if not query:
        return rows.none()
    if not analysed_by_engine():
        return rows.filter(matching(query, rows.model, rows.db))
    return rows.filter(pk__in=_engine_matches(rows, query))


def _engine_matches(rows, query):
    """The ids of the engine's first MAX_ENGINE_MATCHES pages of ``rows`` that match
    ``query``. It filters only on indexed fields, so the queryset's filters travel as an id
    subquery."""
    parts = [PlainText(query.written_words, operator="and")] if query.written_words else []
    parts += [Phrase(phrase) for phrase in query.written_phrases]
    candidates = Page.objects.filter(pk__in=rows.values("pk"))
    results = candidates.search(reduce(operator.and_, parts), order_by_relevance=False)
    return [page.pk for page in results[:MAX_ENGINE_MATCHES]]
