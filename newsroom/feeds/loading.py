"""Loading pages into feed data: one language's home, indexes and snippets (``LanguageData``),
the items of a feed (``ItemLoader``) and the live events of a calendar (``live_events``).

Only live, public pages are ever read. Items shared by several feeds (the English all-feed,
its section feed and its topic feeds) are loaded and rendered once per build.
"""

import mimetypes
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime, time

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.html import strip_tags
from django.utils.text import Truncator
from wagtail.models import Locale

from newsroom.content.models import HomePage, Organisation, Topic
from newsroom.core import sections
from newsroom.core.identifiers import item_guid
from newsroom.core.organisation import profile_for
from newsroom.events.models import EventPage

from .text import clean_title, sanitise_html

SUMMARY_LENGTH = 300
ORDER = ("-publication_date", "-first_published_at", "-pk")
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass
class Item:
    page_id: int
    guid: str
    url: str
    title: str
    summary: str
    content_html: str
    authors: list  # [(name, url)]
    categories: list  # [(slug, name)]
    enclosure: tuple | None  # (url, length, mime type)
    published: datetime
    updated: datetime
    language: str


class LanguageData:
    """What every feed of one language needs: its locale, brand, section pages and snippets.

    ``cache`` holds Wagtail's site root paths for the whole build."""

    def __init__(self, language, cache):
        self.language = language
        self.cache = cache
        self.locale = Locale.objects.filter(language_code=language).first()
        self.home = None
        self.indexes = {}
        self.topics_by_key = {}
        self.topics_by_slug = {}
        self.organisations_by_key = {}
        if self.locale is not None:
            self.load()

    def load(self):
        self.home = HomePage.objects.live().public().filter(locale=self.locale).first()
        for section in sections.all_sections():
            index = section.index_model.objects.live().public().filter(locale=self.locale)
            index = index.first()
            if index is not None:
                self.indexes[section.key] = index
        self.topics_by_key = {
            topic.translation_key: topic for topic in Topic.objects.filter(locale=self.locale)
        }
        self.topics_by_slug = {topic.slug: topic for topic in self.topics_by_key.values()}
        self.organisations_by_key = {
            org.translation_key: org for org in Organisation.objects.filter(locale=self.locale)
        }

    @property
    def brand(self):
        """The organisation's name in this language: the feeds' titles and author."""
        return clean_title(profile_for(self.language).name)

    def page_url(self, page):
        parts = page.get_url_parts(self.cache)
        if not parts or parts[2] is None:
            return None
        return settings.SITE_URL + parts[2]

    @property
    def home_url(self):
        return (self.home and self.page_url(self.home)) or f"{settings.SITE_URL}/{self.language}/"

    def index_url(self, section):
        index = self.indexes.get(section)
        return (index and self.page_url(index)) or self.home_url

    def topic(self, topic):
        return self.topics_by_key.get(topic.translation_key, topic)

    def organisation(self, organisation):
        return self.organisations_by_key.get(organisation.translation_key, organisation)


class ItemLoader:
    """Items of feeds, each page loaded and rendered once however many feeds list it."""

    def __init__(self, length):
        self.length = length
        self._items = {}  # page id -> Item (None for a page without a URL)

    def for_feed(self, data, models, topic=None):
        """The newest ``length`` items of ``models`` in the language of ``data``."""
        rows = []
        for model in models:
            pages = model.objects.live().public().filter(locale=data.locale)
            if topic is not None:
                pages = pages.filter(topics__translation_key=topic.translation_key).distinct()
            for pk, published_on, first in pages.order_by(*ORDER).values_list(
                "pk", "publication_date", "first_published_at"
            )[: self.length]:
                rows.append((published_on, first or EPOCH, pk, model))
        rows.sort(key=lambda row: row[:3], reverse=True)
        rows = rows[: self.length]
        self.load(data, rows)
        return [self._items[pk] for _d, _f, pk, _m in rows if self._items.get(pk)]

    def load(self, data, rows):
        missing = defaultdict(list)
        for _d, _f, pk, model in rows:
            if pk not in self._items:
                missing[model].append(pk)
        for model, pks in missing.items():
            related = [
                name
                for name in ("full_document", "issued_by", "listing_image")
                if hasattr(model, name)
            ]
            prefetch = [
                name for name in ("topics", "co_signatories", "organisers") if hasattr(model, name)
            ]
            pages = (
                model.objects.filter(pk__in=pks)
                .select_related("locale", *related)
                .prefetch_related(*prefetch)
            )
            for page in pages:
                self._items[page.pk] = make_item(data, page)


def make_item(data, page):
    url = data.page_url(page)
    if url is None:
        return None
    content = sanitise_html(
        render_to_string(
            "feeds/item_content.html",
            {"page": page, "kind": "report" if hasattr(page, "key_findings") else ""},
        )
    )
    summary = clean_title(page.subtitle).strip() or Truncator(
        " ".join(strip_tags(content).split())
    ).chars(SUMMARY_LENGTH)
    published = publication_datetime(page)
    return Item(
        page_id=page.pk,
        guid=item_guid(page.translation_key, data.language),
        url=url,
        title=clean_title(page.title),
        summary=summary,
        content_html=content,
        authors=authors(data, page),
        categories=sorted(
            {(topic.slug, clean_title(topic.name)) for topic in map(data.topic, page.topics.all())},
            key=lambda pair: pair[1],
        ),
        enclosure=enclosure(page),
        published=published,
        updated=max(published, page.last_published_at or published),
        language=data.language,
    )


def authors(data, page):
    """(name, url) of the issuer and co-signatories, or organisers; else the organisation."""
    organisations = []
    issuer = getattr(page, "issued_by", None)
    if issuer is not None:
        organisations.append(issuer)
    for name in ("co_signatories", "organisers"):
        if hasattr(page, name):
            organisations += list(getattr(page, name).all())
    return [
        (clean_title(org.name), org.website or "")
        for org in (data.organisation(org) for org in organisations)
    ] or [(data.brand, data.home_url)]


def enclosure(page):
    """(url, length, mime type) of the page's full-text document, or None."""
    document = getattr(page, "full_document", None)
    if document is None:
        return None
    mime = mimetypes.guess_type(document.filename)[0] or "application/octet-stream"
    return (
        settings.SITE_URL + document.url,
        document.file_size or document.get_file_size() or 0,
        mime,
    )


def publication_datetime(page):
    """The editorial publication date, at the time the page first went out on that day."""
    first = page.first_published_at
    if first is not None and first.astimezone(UTC).date() == page.publication_date:
        return first
    return datetime.combine(page.publication_date, time(0), tzinfo=UTC)


def live_events(data):
    """Every live public event of the language of ``data``, with ``feed_topics``.

    Only what calendars need: the body stays in the database, and topics come from one
    query on the link table (a prefetch through modelcluster costs more than the events).
    """
    if data.locale is None:
        return []
    events = list(
        EventPage.objects.live()
        .public()
        .filter(locale=data.locale)
        .defer("body", "related_pages")
        .order_by("start", "pk")
    )
    through = EventPage.topics.through
    source = EventPage._meta.get_field("topics").m2m_field_name()
    links = list(
        through.objects.filter(**{f"{source}_id__in": [event.pk for event in events]})
        .values_list(f"{source}_id", "topic_id")
        .order_by("pk")
    )
    topics = Topic.objects.in_bulk({topic_id for _page, topic_id in links})
    by_event = defaultdict(list)
    for page_id, topic_id in links:
        by_event[page_id].append(topics[topic_id])
    for event in events:
        event.feed_topics = by_event[event.pk]
    return events
