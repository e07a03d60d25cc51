"""/pages: the list with its filters and search, detail by id, lookup by language and path."""

import hashlib
import time

from django.db.models import Q
from ninja import Path, Query, Router
from wagtail.models import Site

from newsroom.search.engine import matched
from newsroom.search.query import parse_query
from newsroom.search.ranking import ranked

from .. import json_text
from ..content import PAGE_TYPES, SECTIONS, content_pages, visibility
from ..errors import ERROR_RESPONSES, not_found, reject_unknown_parameters
from ..pagination import paginate
from ..representations import detail, items
from ..schemas import PageDetail, PageFilters, PageList, PathLookup

router = Router(tags=["pages"])

MAX_ID = 2**63 - 1


def with_topic(slug):
    """Pages linked to the topic with this slug (shared by both languages), of any type."""
    condition = Q(pk__in=[])
    for model in PAGE_TYPES.values():
        field = model._meta.get_field("topics")
        source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
        links = field.remote_field.through.objects.filter(**{f"{target}__slug": slug})
        condition |= Q(id__in=links.values(f"{source}_id"))
    return condition


def filtered_pages(filters, visible):
    types = set(PAGE_TYPES)
    if filters.type:
        types &= {filters.type}
    if filters.section:
        types &= set(SECTIONS[filters.section])
    pages = content_pages(visible, [PAGE_TYPES[name] for name in types])
    if filters.locale:
        pages = pages.filter(locale__language_code=filters.locale)
    if filters.topic:
        pages = pages.filter(with_topic(filters.topic))
    if filters.published_after:
        pages = pages.filter(first_published_at__gte=filters.published_after)
    if filters.published_before:
        pages = pages.filter(first_published_at__lt=filters.published_before)
    return pages


def count_key(filters):
    """What the count of a list depends on besides the published content, None for a search
    (its matches depend on the search index too). The minute is part of it: a page leaves
    the list when it expires, before the job that unpublishes it has run."""
    if filters.q:
        return None
    wanted = ("locale", "type", "section", "topic", "published_after", "published_before")
    described = repr([getattr(filters, name) for name in wanted] + [int(time.time() // 60)])
    return hashlib.blake2b(described.encode(), digest_size=12).hexdigest()


def ordered(pages, filters):
    """The pages (or search results) in a total order, so pagination is stable."""
    query = parse_query(filters.q, filters.locale or "")
    ordering = filters.ordering
    if query and ordering in (None, "relevance"):
        return ranked(pages, query)
    if ordering in (None, "relevance"):
        ordering = "-first_published_at"
    pages = pages.order_by(ordering, "-id" if ordering.startswith("-") else "id")
    if query:
        return matched(pages, query)
    return pages


@router.get(
    "/pages",
    response={200: PageList, **ERROR_RESPONSES},
    summary="List and search pages",
    operation_id="list_pages",
)
def list_pages(request, filters: Query[PageFilters]):
    """Live, public statements, news, reports, events and invitations, newest first.

    Each item lists its published translations. Filters combine (all must match).
    """
    reject_unknown_parameters(request, PageFilters)
    visible = visibility()
    ids, meta = paginate(
        request,
        ordered(filtered_pages(filters, visible), filters).values_list("pk", flat=True),
        filters,
        count_key=count_key(filters),
    )
    # Each item was checked against the schema and written when it was built
    # (representations); django-ninja passes a response on as it is.
    return json_text.list_response(meta, items(ids, visible, request))


@router.get(
    "/pages/lookup",
    response={200: PageDetail, **ERROR_RESPONSES},
    summary="Find a page by language and path",
    operation_id="lookup_page",
)
def lookup_page(request, params: Query[PathLookup]):
    """The page the site serves at `/<locale>/<path>`, e.g. `locale=ar` and
    `path=/statements/release-detained-journalists/`."""
    reject_unknown_parameters(request, PathLookup)
    path = params.path.strip("/")
    if path == params.locale or path.startswith(params.locale + "/"):
        path = path[len(params.locale) + 1 :]
    roots = [
        root.root_path for root in Site.get_site_root_paths() if root.language_code == params.locale
    ]
    url_paths = [root + (path + "/" if path else "") for root in roots]
    visible = visibility()
    page = (
        content_pages(visible)
        .filter(url_path__in=url_paths, locale__language_code=params.locale)
        .select_related("locale")
        .first()
    )
    if page is None:
        raise not_found(f"No published page at /{params.locale}/{path}.")
    return json_text.response(detail(request, page.pk, lambda _visible: page))


@router.get(
    "/pages/{int:page_id}",
    response={200: PageDetail, **ERROR_RESPONSES},
    summary="One page with its body",
    operation_id="get_page",
)
def get_page(request, page_id: int = Path(..., ge=1, le=MAX_ID)):
    """The page's fields, its body as blocks and as HTML, its image and its full-text PDF."""
    reject_unknown_parameters(request)
    found = detail(
        request,
        page_id,
        lambda visible: content_pages(visible).filter(pk=page_id).select_related("locale").first(),
    )
    if found is None:
        raise not_found(f"No published page with id {page_id}.")
    return json_text.response(found)
