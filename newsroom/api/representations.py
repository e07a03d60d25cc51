"""API items and page details, kept in the fragment cache under the content version.

An item reads five tables and a detail renders a StreamField body, and both are functions of
the published content, which changes only with the content version: every publish,
unpublish, move and deletion, and every change to a topic, organisation, image, document, site
or view restriction moves it (newsroom.core.signals). So each is built once per version and
shared by every list, page of a list and detail that shows it. Which pages a list shows is
asked of the database on every request; a kept detail answers for its page being shown too,
since every change that could hide it moves the version (``detail``).

Time changes some answers with no new version: a kept item or detail is built again once its
page or one of its translations has expired, and the details that change with the time (events,
invitations, bodies linking to a page that will expire: detail.build_detail) are built on
every request.
"""

from django.core.cache import cache
from django.utils import timezone
from wagtail.models import Page

from newsroom.core import content_version

from . import json_text
from .content import visibility
from .detail import build_detail
from .freshness import mark
from .items import ITEM_FIELDS, build_items, newest
from .schemas import PageDetail, PageItem


def _kept(schema, item, *expiries):
    """What is kept of ``item``: checked against its schema and written as JSON once, not on
    every response, with its newest publication (for Last-Modified) and the moment it stops
    being true (when it or a translation expires)."""
    expiries = [*expiries, *(t["expire_at"] for t in item["translations"])]
    until = min(filter(None, expiries), default=None)
    return json_text.validated(schema, item), newest([item]), until


def _true(kept, now):
    return kept is not None and (kept[2] is None or kept[2] > now)


def items(ids, visible, request):
    """The items (as JSON text) of the pages ``ids``, selected and ordered by the caller, in
    their order: one cache round trip, and the missing ones built together and kept."""
    keys = {pk: content_version.key("api-item", [pk]) for pk in ids}
    held = cache.get_many(list(keys.values()))
    now = timezone.now()
    missing = [pk for pk in ids if not _true(held.get(keys[pk]), now)]
    if missing:
        pages = Page.objects.filter(pk__in=missing).select_related("locale").only(*ITEM_FIELDS)
        built = {
            keys[item["id"]]: _kept(PageItem, item) for item in build_items(pages, visible, request)
        }
        cache.set_many(built, content_version.FRAGMENT_SECONDS)
        held = {**held, **built}
    found = [held[keys[pk]] for pk in ids if keys[pk] in held]
    mark(request, *(stamp for _item, stamp, _until in found))
    return [item for item, _stamp, _until in found]


def detail(request, page_id, find):
    """The full representation of the page ``page_id`` (as JSON text), or None when readers
    may not see it.

    ``find(visible)`` returns the page if ``visible`` matches it. It is asked only when no
    representation is kept: every change that can hide a page moves the content version (a
    kept one is then out of reach), and a kept one lives no longer than its page's expiry.
    """
    key = content_version.key("api-detail", [page_id])
    kept = cache.get(key)
    if not _true(kept, timezone.now()):
        visible = visibility()
        page = find(visible)
        if page is None:
            return None
        item, lasting = build_detail(request, page, visible)
        kept = _kept(PageDetail, item, page.expire_at)
        if lasting:
            cache.set(key, kept, content_version.FRAGMENT_SECONDS)
    item, stamp, _until = kept
    mark(request, stamp)
    return item
