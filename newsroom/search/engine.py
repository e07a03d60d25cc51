"""What results need from matching: the pages that match a query, as a queryset that facets
can count, dates can sort and ``ranking`` can order.

Matching itself is ``query.matching`` and ``query.matching_ids`` (the API's ``q`` calls them
too): one code path, one behaviour. The matches are asked for unordered: the database backends
rank by a score computed once per matching page with a search of its own (a correlated
subquery), which on SQLite took 50 s for 5,000 matches, where the unordered matches take 40 ms.
"""

from .indexing import analysed_by_engine
from .query import matching, matching_ids

# An engine that answers with a ranked list, not a query (OpenSearch): how much of the list
# facets and sorting see.
MAX_ENGINE_MATCHES = 1000


def matched(pages, query):
    """The pages of the queryset ``pages`` that match the parsed ``query``, in no set order."""
    if not query:
        return pages.none()
    if not analysed_by_engine():
        return pages.filter(pk__in=matching_ids(pages.model, query)).order_by()
    results = matching(pages, query, order_by_relevance=False)
    found = [page.pk for page in results[:MAX_ENGINE_MATCHES]]
    return pages.model.objects.filter(pk__in=found)
