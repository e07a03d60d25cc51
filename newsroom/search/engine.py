"""What results need from matching: the pages that match a query, best first, as a queryset
that facets can count and dates can sort.

Matching itself is ``query.matching`` (the API's ``q`` calls it too): one code path, one
behaviour. This module only turns its Wagtail search results into a queryset.
"""

from django.db.models import Case, IntegerField, QuerySet, When

from .query import matching

# An engine that answers with a ranked list, not a query (OpenSearch): how much of the list
# facets and sorting see.
MAX_ENGINE_MATCHES = 1000


def matched(pages, query):
    """The pages of the queryset ``pages`` that match the parsed ``query``, best first."""
    results = matching(pages, query)
    if isinstance(results, QuerySet):  # an empty query
        return results
    if hasattr(results, "get_queryset"):
        # The database backends' results are a queryset underneath, ordered by their score.
        return results.get_queryset()
    ranked = [page.pk for page in results[:MAX_ENGINE_MATCHES]]
    if not ranked:
        return pages.none()
    rank = Case(*(When(pk=pk, then=i) for i, pk in enumerate(ranked)), output_field=IntegerField())
    return pages.model.objects.filter(pk__in=ranked).order_by(rank)
