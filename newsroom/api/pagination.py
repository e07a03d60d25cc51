"""Numbered pages with a capped size, counted, and linked to their neighbours."""

from newsroom.core import content_version

from .errors import ApiError, problem
from .links import api_url


def paginate(request, results, params, count_key=None):
    """Slice ``results`` (a QuerySet or Wagtail SearchResults) to the requested page.

    Results must be ordered down to a unique key so that pages neither repeat nor skip
    items. Returns the page's items and the list metadata. With a ``count_key`` (what the
    results depend on besides the published content), the count is kept in the fragment
    cache until the content changes, instead of counting the whole list on every request.
    """
    if count_key is None:
        count = results.count()
    else:
        count = content_version.fragment("api-count", [count_key], results.count)
    start = (params.page - 1) * params.limit
    if start >= count and params.page > 1:
        raise ApiError(
            404,
            "page_out_of_range",
            f"There is no page {params.page}: {count} items make fewer pages.",
            [problem("page", "Beyond the last page.")],
        )
    items = list(results[start : start + params.limit])
    meta = {
        "count": count,
        "page": params.page,
        "next": api_url(request, page=params.page + 1) if start + params.limit < count else None,
        "previous": api_url(request, page=params.page - 1) if params.page > 1 else None,
    }
    return items, meta
