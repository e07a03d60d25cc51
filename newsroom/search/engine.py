"""What results need from matching: the pages that match a query, as a queryset that facets
can count, dates can sort and ``ranking`` can order.

Matching itself is ``query.matching`` (the API's ``q`` calls it too): one code path, one
behaviour. It is asked for the matches unordered: the database backends rank by a score
computed once per matching page with a search of its own (a correlated subquery), which on
SQLite took 50 s for 5,000 matches, where the unordered matches take 40 ms.
"""

from django.db.models import QuerySet

from .query import matching

# An engine that answers with a ranked list, not a query (OpenSearch): how much of the list
# facets and sorting see.
MAX_ENGINE_MATCHES = 1000


def matched(pages, query):
    """The pages of the queryset ``pages`` that match the parsed ``query``, in no set order."""
    results = matching(pages, query, order_by_relevance=False)
    if isinstance(results, QuerySet):  # an empty query
        return results
    if hasattr(results, "get_queryset"):  # the database backends: a queryset underneath
        return results.get_queryset().order_by()
    found = [page.pk for page in results[:MAX_ENGINE_MATCHES]]
    return pages.model.objects.filter(pk__in=found)
