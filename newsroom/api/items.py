"""Turn pages into API items with a fixed number of queries, however many pages there are.

Each step loads what it needs for all the pages at once: the type-specific columns (one
UNION over the page tables), topics (one UNION over the link tables, one query for the
topics in every language), live translations (one query). Per-page work is Python only.
"""

from collections import defaultdict
from functools import reduce

from django.conf import settings
from wagtail.models import Page

from newsroom.content.models import Organisation, Topic
from newsroom.events.models import EventPage

from .content import PAGE_TYPES, type_name
from .links import event_ics_url, page_url

# The Page columns an item is built from: lists sort and fetch nothing else.
ITEM_FIELDS = (
    "id",
    "title",
    "url_path",
    "translation_key",
    "locale",
    "content_type",
    "first_published_at",
    "last_published_at",
)

LANGUAGE_ORDER = {code: index for index, (code, _name) in enumerate(settings.LANGUAGES)}


def _union(querysets):
    querysets = [qs.order_by() for qs in querysets]
    if not querysets:
        return []
    return reduce(lambda a, b: a.union(b, all=True), querysets)


def _models_of(pages):
    return [model for model in PAGE_TYPES.values() if any(p.specific_class is model for p in pages)]


def article_columns(pages):
    """{page id: (subtitle, publication_date)} from each page type's own table."""
    ids = [page.pk for page in pages]
    rows = _union(
        model.objects.filter(pk__in=ids).values_list("pk", "subtitle", "publication_date")
        for model in _models_of(pages)
    )
    return {pk: (subtitle, date) for pk, subtitle, date in rows}


def _links(pages, models, relation):
    """(page id, object id) pairs of the many-to-many ``relation`` of each model."""
    ids = [page.pk for page in pages]
    querysets = []
    for model in models:
        field = model._meta.get_field(relation)
        source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
        querysets.append(
            field.remote_field.through.objects.filter(**{f"{source}_id__in": ids}).values_list(
                f"{source}_id", f"{target}_id"
            )
        )
    return list(_union(querysets))


def localized_links(pages, models, relation, target_model):
    """{page id: [objects]} with each object in the page's own language where it exists.

    A translated page may still point at the English topic or organisation; readers of the
    Arabic page must get the Arabic one, as on the site.
    """
    links = _links(pages, models, relation)
    if not links:
        return {}
    versions = target_model.objects.filter(
        translation_key__in=target_model.objects.filter(
            pk__in={target for _page, target in links}
        ).values("translation_key")
    )
    by_id = {obj.pk: obj for obj in versions}
    by_key_locale = {(obj.translation_key, obj.locale_id): obj for obj in versions}
    locale_of = {page.pk: page.locale_id for page in pages}
    result = defaultdict(list)
    for page_id, target_id in links:
        source = by_id.get(target_id)
        if source is not None:
            localized = by_key_locale.get((source.translation_key, locale_of[page_id]), source)
            result[page_id].append(localized)
    return result


def translations_of(pages, visible, request):
    """{translation key: [translation dicts]} for the live, public versions of the pages."""
    keys = {page.translation_key for page in pages}
    found = defaultdict(list)
    if not keys:
        return found
    translations = (
        Page.objects.filter(visible, translation_key__in=keys)
        .select_related("locale")
        .only(*ITEM_FIELDS, "expire_at")
        .order_by()
    )
    for translation in translations:
        url = page_url(translation, request)
        if url:
            found[translation.translation_key].append(
                {
                    "locale": translation.locale.language_code,
                    "id": translation.pk,
                    "url": url,
                    "title": translation.title,
                    "last_published_at": translation.last_published_at,
                    # Not shown (the schema leaves it out): a kept item drops the translation
                    # once it has expired (newsroom.api.representations).
                    "expire_at": translation.expire_at,
                }
            )
    return found


def topic_ref(topic):
    return {"id": topic.pk, "slug": topic.slug, "name": topic.name}


def organisation_ref(organisation):
    return {
        "id": organisation.pk,
        "name": organisation.name,
        "short_name": organisation.short_name,
        "website": organisation.website,
    }


def build_items(pages, visible, request):
    """API items for ``pages`` (Page objects with ``locale`` selected), in their order.
    ``visible`` is the Q of content.visibility(), which translations must match too."""
    pages = list(pages)
    if not pages:
        return []
    columns = article_columns(pages)
    topics = localized_links(pages, _models_of(pages), "topics", Topic)
    translations = translations_of(pages, visible, request)
    items = []
    for page in pages:
        subtitle, publication_date = columns.get(page.pk, ("", None))
        items.append(
            {
                "id": page.pk,
                "type": type_name(page),
                "locale": page.locale.language_code,
                "title": page.title,
                "subtitle": subtitle,
                "url": page_url(page, request),
                "publication_date": publication_date,
                "first_published_at": page.first_published_at,
                "last_published_at": page.last_published_at,
                "topics": [
                    topic_ref(t) for t in sorted(topics.get(page.pk, []), key=lambda t: t.name)
                ],
                "translations": sorted(
                    (t for t in translations.get(page.translation_key, []) if t["id"] != page.pk),
                    key=lambda t: LANGUAGE_ORDER.get(t["locale"], len(LANGUAGE_ORDER)),
                ),
            }
        )
    return items


def event_info(event, organisers, request):
    """The when and where of an EventPage, times in the event's own zone."""
    venue = None
    if event.venue_name or event.venue_address:
        venue = {"name": event.venue_name, "address": event.venue_address}
    return {
        "start": event.local_start,
        "end": event.local_end,
        "time_zone": event.time_zone,
        "venue": venue,
        "online_url": event.online_url or None,
        "cancelled": event.cancelled,
        "upcoming": event.is_upcoming,
        "organisers": [organisation_ref(o) for o in sorted(organisers, key=lambda o: o.name)],
        "ics_url": event_ics_url(event, request),
    }


def build_event_items(events, visible, request):
    """API items for EventPage objects, with their ``event`` block."""
    events = list(events)
    items = build_items(events, visible, request)
    organisers = localized_links(events, [EventPage], "organisers", Organisation)
    for item, event in zip(items, events, strict=True):
        item["event"] = event_info(event, organisers.get(event.pk, []), request)
    return items


def newest(items):
    """The latest publication among the items and their translations (for Last-Modified)."""
    stamps = [
        stamp
        for item in items
        for stamp in [item["last_published_at"]]
        + [t["last_published_at"] for t in item["translations"]]
        if stamp
    ]
    return max(stamps, default=None)
