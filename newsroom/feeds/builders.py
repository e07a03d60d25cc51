"""Build feed artefacts from the page tree: RSS 2.0 and Atom 1.0 (feedgen), JSON Feed 1.1.

One build pass (``rebuild(tokens)``) expands the tokens into feed keys, then builds each key
once. Items shared by several feeds (the English all-feed, its section feed and its topic
feeds) are rendered once per pass. Only live, public pages are ever read.
"""

import json
import logging
import mimetypes
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime, time
from time import perf_counter
from types import SimpleNamespace

import nh3
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext
from feedgen.ext.base import BaseEntryExtension, BaseExtension
from feedgen.feed import FeedGenerator
from lxml import etree
from wagtail.models import Locale, Page

from newsroom.core.i18n import neutralise_bidi

from .catalogue import (
    LINK_TYPES,
    SECTION_LABELS,
    SECTIONS,
    FeedKey,
    item_guid,
    languages,
    stable_uuid,
)
from .store import get_store

logger = logging.getLogger(__name__)

ATOM_NS = "http://www.w3.org/2005/Atom"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"
SUMMARY_LENGTH = 300
ORDER = ("-publication_date", "-first_published_at", "-pk")
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)

# Characters XML 1.0 cannot carry (C0 controls but tab and newlines, lone surrogates,
# U+FFFE/U+FFFF): dropped, so one bad title never breaks a build.
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")

CONTENT_TAGS = nh3.ALLOWED_TAGS - {"area", "map", "nav", "footer", "header", "details", "summary"}
CONTENT_ATTRIBUTES = {
    **{tag: set(attrs) for tag, attrs in nh3.ALLOWED_ATTRIBUTES.items()},
    "*": {"lang", "dir", "title"},
    "time": {"datetime"},
    "img": {"alt", "width", "height", "src"},
    "a": {"href", "hreflang"},
}


class FeedBuildError(Exception):
    pass


def clean_text(value):
    """``value`` as text that XML (and JSON in UTF-8) can carry."""
    if value is None:
        return ""
    return _NOT_XML.sub("", str(value))


def clean_title(value):
    """A title or name for a feed: XML-safe and without bidi controls (newsroom.core.i18n),
    which could reorder the text around it in a feed reader's list."""
    return clean_text(neutralise_bidi(value))


def sanitise_html(html):
    """Sanitised HTML (nh3) with every relative URL made absolute against SITE_URL."""
    html = nh3.clean(
        clean_text(html),
        tags=CONTENT_TAGS,
        attributes=CONTENT_ATTRIBUTES,
        url_relative=("rewrite_with_base", settings.SITE_URL + "/"),
    )
    # Template indentation means nothing in a feed; runs of blank lines only add bytes.
    return re.sub(r"\n\s*\n+", "\n", html).strip()


def section_models():
    from newsroom.content.models import NewsPage, ReportPage, StatementPage
    from newsroom.events.models import EventPage

    return {
        "statements": StatementPage,
        "news": NewsPage,
        "reports": ReportPage,
        "events": EventPage,
    }


def index_models():
    from newsroom.content.models import NewsIndexPage, ReportIndexPage, StatementIndexPage
    from newsroom.events.models import EventIndexPage

    return {
        "statements": StatementIndexPage,
        "news": NewsIndexPage,
        "reports": ReportIndexPage,
        "events": EventIndexPage,
    }


def section_of(model):
    for name, section_model in section_models().items():
        if issubclass(model, section_model):
            return name
    return None


def structural_models():
    """Page types whose change can move every item's URL (or the feed titles)."""
    from newsroom.content.models import HomePage

    return (HomePage, *index_models().values())


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


@dataclass
class FeedInfo:
    key: FeedKey
    title: str
    description: str
    html_url: str
    brand: str
    updated: datetime = EPOCH
    hub: str = ""
    items: list = field(default_factory=list)

    @property
    def id(self):
        return f"urn:uuid:{stable_uuid('feed', self.key)}"


class LanguageData:
    """What every feed of one language needs: its locale, brand, section pages and snippets."""

    def __init__(self, language, cache):
        self.language = language
        self.cache = cache
        self.locale = Locale.objects.filter(language_code=language).first()
        self.home = None
        self.indexes = {}
        self.topics_by_key = {}
        self.topics_by_slug = {}
        self.organisations_by_key = {}
        if self.locale is None:
            return
        from newsroom.content.models import HomePage, Organisation, Topic

        self.home = HomePage.objects.live().public().filter(locale=self.locale).first()
        for section, model in index_models().items():
            index = model.objects.live().public().filter(locale=self.locale).first()
            if index is not None:
                self.indexes[section] = index
        self.topics_by_key = {
            topic.translation_key: topic for topic in Topic.objects.filter(locale=self.locale)
        }
        self.topics_by_slug = {topic.slug: topic for topic in self.topics_by_key.values()}
        self.organisations_by_key = {
            org.translation_key: org for org in Organisation.objects.filter(locale=self.locale)
        }

    @property
    def brand(self):
        return clean_title(self.home.title if self.home else settings.WAGTAIL_SITE_NAME)

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


class BuildPass:
    """One rebuild: expands tokens into keys and builds each once, sharing rendered items."""

    def __init__(self, store=None):
        self.store = store or get_store()
        self.now = timezone.now()
        self.length = settings.FEEDS_LENGTH
        self.hub = settings.WEBSUB_HUB_URL
        self.root_paths = SimpleNamespace()  # caches Wagtail's site root paths for the pass
        self._languages = {}
        self._items = {}
        self._meta = {}
        self._live_events = {}  # language -> [EventPage]
        self.built = []
        self.removed = []
        self.changed_urls = []
        self.failed = []
        self.timings = {}  # seconds per key

    def language(self, code):
        if code not in self._languages:
            self._languages[code] = LanguageData(code, self.root_paths)
        return self._languages[code]

    def meta(self, key):
        key = str(key)
        if key not in self._meta:
            self._meta[key] = self.store.read_meta(key)
        return self._meta[key]

    # --- Tokens to keys.

    def expand(self, tokens):
        keys = set()
        for token in tokens:
            if token == "*":
                for language in languages():
                    keys |= self.language_keys(language, events=True)
                continue
            language, _sep, rest = token.partition("/")
            if language not in languages():
                continue
            if rest == "*":
                keys |= self.language_keys(language, events=True)
            elif rest == "feeds":
                keys |= self.language_keys(language, events=False)
            elif rest.startswith("page/") and rest[5:].isdigit():
                keys |= self.page_keys(language, int(rest[5:]))
            else:
                key = FeedKey.parse(token)
                if key is not None:
                    keys.add(key)
        return keys

    def language_keys(self, language, events):
        data = self.language(language)
        keys = {FeedKey(language, "all", "all"), FeedKey(language, "calendar", "events")}
        keys |= {FeedKey(language, "section", section) for section in SECTIONS}
        keys |= {FeedKey(language, "topic", slug) for slug in data.topics_by_slug}
        # Whatever was built before is rebuilt too: a deleted topic's feed is then removed.
        keys |= {FeedKey.parse(key) for key in self.store.stored_keys(language)} - {None}
        if events:
            for event in self.live_events(language):
                keys.add(FeedKey(language, "event", str(event.translation_key)))
            keys |= {FeedKey.parse(key) for key in self.store.stored_event_keys(language)} - {None}
        return keys

    def page_keys(self, language, page_id):
        """Feeds that held the page at their last build, and those that should hold it now."""
        keys = set()
        for stored in self.store.stored_keys(language):
            if page_id in self.meta(stored).get("pages", ()):
                keys.add(FeedKey.parse(stored))
        page = Page.objects.live().public().filter(pk=page_id).specific().first()
        section = section_of(type(page)) if page is not None else None
        if section and page.locale.language_code == language:
            keys.add(FeedKey(language, "all", "all"))
            keys.add(FeedKey(language, "section", section))
            data = self.language(language)
            for topic in page.topics.all():
                keys.add(FeedKey(language, "topic", data.topic(topic).slug))
            if section == "events":
                keys.add(FeedKey(language, "calendar", "events"))
                keys.add(FeedKey(language, "event", str(page.translation_key)))
        return keys - {None}

    def live_events(self, language):
        """Every live public event of ``language``, loaded once per pass, with ``feed_topics``.

        Only what calendars need: the body stays in the database, and topics come from one
        query on the link table (a prefetch through modelcluster costs more than the events).
        """
        from newsroom.content.models import Topic
        from newsroom.events.models import EventPage

        if language in self._live_events:
            return self._live_events[language]
        data = self.language(language)
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
        self._live_events[language] = events
        return events

    # --- Building.

    def run(self, tokens):
        keys = sorted(self.expand(tokens), key=str)
        for key in keys:
            started = perf_counter()
            try:
                with translation.override(key.language):
                    self.build(key)
            except Exception:
                logger.exception("feed %s could not be built", key)
                self.failed.append(str(key))
            self.timings[str(key)] = perf_counter() - started
        return self

    def build(self, key):
        if key.kind == "calendar":
            from .calendars import build_calendar

            build_calendar(self, key)
        elif key.kind == "event":
            from .calendars import build_event_calendar

            build_event_calendar(self, key)
        else:
            self.build_feed(key)

    def remove(self, key):
        removed = False
        for relpath in key.files():
            removed |= self.store.remove(relpath)
        self.store.remove_meta(str(key))
        if removed:
            self.removed.append(str(key))

    def save(self, key, artefacts, pages, updated, ping=True):
        """Write the artefacts of ``key`` and its metadata; remember what changed."""
        changed = False
        for fmt, data in artefacts.items():
            changed |= self.store.write(key.relpath(fmt), data)
        previous = self.meta(key)
        meta = {
            "pages": pages,
            "updated": updated.isoformat(),
            "builds": previous.get("builds", 0) + 1,
            "built_at": self.now.isoformat(),
        }
        self.store.write_meta(str(key), meta)
        self._meta[str(key)] = meta
        self.built.append(str(key))
        if changed and ping:
            self.changed_urls += [key.url(fmt) for fmt in artefacts]
        return changed

    def feed_updated(self, key, items):
        """The feed's "updated": its newest item, never earlier than before; now if one left."""
        previous = self.meta(key)
        candidates = [item.updated for item in items]
        if previous.get("updated"):
            candidates.append(datetime.fromisoformat(previous["updated"]))
            if set(previous.get("pages", ())) - {item.page_id for item in items}:
                candidates.append(self.now)
        return max(candidates, default=self.now)

    def build_feed(self, key):
        data = self.language(key.language)
        models = section_models()
        topic = None
        if data.locale is None:
            self.remove(key)
            return
        if key.kind == "topic":
            topic = data.topics_by_slug.get(key.name)
            if topic is None:
                self.remove(key)
                return
            chosen = list(models.values())
        elif key.kind == "section":
            chosen = [models[key.name]]
        else:
            chosen = list(models.values())
        items = self.items_for(data, chosen, topic)
        feed = self.feed_info(data, key, topic)
        feed.items = items
        feed.updated = self.feed_updated(key, items)
        rss, atom = render_xml(feed)
        artefacts = {"rss": rss, "atom": atom, "json": render_json(feed)}
        self.save(key, artefacts, [item.page_id for item in items], feed.updated)

    def feed_info(self, data, key, topic):
        brand = data.brand
        if key.kind == "topic":
            label = clean_title(topic.name)
            description = clean_text(topic.description) or gettext(
                "Everything %(brand)s publishes about %(topic)s."
            ) % {"brand": brand, "topic": label}
            html_url = data.home_url
        else:
            label = str(SECTION_LABELS[key.name])
            description = str(FEED_DESCRIPTIONS[key.name]) % {"brand": brand}
            html_url = data.home_url if key.kind == "all" else data.index_url(key.name)
        title = gettext("%(brand)s: %(feed)s") % {"brand": brand, "feed": label}
        return FeedInfo(
            key=key,
            title=title,
            description=description,
            html_url=html_url,
            brand=brand,
            hub=self.hub,
        )

    # --- Items.

    def items_for(self, data, models, topic=None):
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
        self.load_items(data, rows)
        return [self._items[pk] for _d, _f, pk, _m in rows if self._items.get(pk)]

    def load_items(self, data, rows):
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
                self._items[page.pk] = self.make_item(data, page)

    def make_item(self, data, page):
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
        organisations = []
        issuer = getattr(page, "issued_by", None)
        if issuer is not None:
            organisations.append(issuer)
        for name in ("co_signatories", "organisers"):
            if hasattr(page, name):
                organisations += list(getattr(page, name).all())
        authors = [
            (clean_title(org.name), org.website or "")
            for org in (data.organisation(org) for org in organisations)
        ] or [(data.brand, data.home_url)]
        categories = sorted(
            {(topic.slug, clean_title(topic.name)) for topic in map(data.topic, page.topics.all())},
            key=lambda pair: pair[1],
        )
        enclosure = None
        document = getattr(page, "full_document", None)
        if document is not None:
            mime = mimetypes.guess_type(document.filename)[0] or "application/octet-stream"
            enclosure = (
                settings.SITE_URL + document.url,
                document.file_size or document.get_file_size() or 0,
                mime,
            )
        published = publication_datetime(page)
        return Item(
            page_id=page.pk,
            guid=item_guid(page.translation_key, data.language),
            url=url,
            title=clean_title(page.title),
            summary=summary,
            content_html=content,
            authors=authors,
            categories=categories,
            enclosure=enclosure,
            published=published,
            updated=max(published, page.last_published_at or published),
            language=data.language,
        )


def publication_datetime(page):
    """The editorial publication date, at the time the page first went out on that day."""
    first = page.first_published_at
    if first is not None and first.astimezone(UTC).date() == page.publication_date:
        return first
    return datetime.combine(page.publication_date, time(0), tzinfo=UTC)


FEED_DESCRIPTIONS = {
    "all": translation.gettext_lazy(
        "Everything %(brand)s publishes: statements, news, reports and events."
    ),
    "statements": translation.gettext_lazy("Statements published by %(brand)s."),
    "news": translation.gettext_lazy("News from %(brand)s."),
    "reports": translation.gettext_lazy("Reports published by %(brand)s."),
    "events": translation.gettext_lazy("Events organised or attended by %(brand)s."),
}


# --- Renderers: FeedInfo -> bytes.


class NewsroomExtension(BaseExtension):
    """What feedgen leaves out of RSS: xml:lang on the channel and the WebSub hub link."""

    def __init__(self):
        self.language = ""
        self.hub = ""

    def extend_rss(self, rss_feed):
        channel = rss_feed[0]
        if self.language:
            channel.set(XML_LANG, self.language)
        if self.hub:
            etree.SubElement(channel, f"{{{ATOM_NS}}}link", href=self.hub, rel="hub")
        return rss_feed


class NewsroomEntryExtension(BaseEntryExtension):
    """Atom entry links with their attributes (feedgen 1.0 writes only ``href``, which would
    turn the enclosure into a second "alternate" link)."""

    def __init__(self):
        self.links = []

    def extend_atom(self, entry):
        # feedgen names Atom elements without a namespace (the root's default one applies).
        for link in entry.findall("link"):
            entry.remove(link)
        for attributes in self.links:
            etree.SubElement(entry, "link", **attributes)
        return entry


def feed_links(feed, fmt):
    # feedgen's RSS <link> is the last link given: the HTML page comes last.
    links = [{"href": feed.key.url(fmt), "rel": "self", "type": LINK_TYPES[fmt]}]
    if feed.hub:
        links.append({"href": feed.hub, "rel": "hub"})
    links.append(
        {
            "href": feed.html_url,
            "rel": "alternate",
            "type": "text/html",
            "hreflang": feed.key.language,
        }
    )
    return links


def feed_generator(feed):
    generator = FeedGenerator()
    generator.load_extension("dc", atom=False, rss=True)
    generator.register_extension("newsroom", NewsroomExtension, NewsroomEntryExtension)
    generator.newsroom.language = feed.key.language
    generator.newsroom.hub = feed.hub
    generator.id(feed.id)
    generator.title(feed.title)
    generator.subtitle(feed.description)
    generator.language(feed.key.language)
    generator.author({"name": feed.brand, "uri": feed.html_url})
    generator.updated(feed.updated)
    generator.lastBuildDate(feed.updated)
    generator.generator("Newsroom")
    generator.ttl(60)
    for item in feed.items:
        entry = generator.add_entry(order="append")
        entry.id(item.guid)
        entry.title(item.title)
        entry.link(href=item.url, rel="alternate")
        entry.newsroom.links = [
            {"href": item.url, "rel": "alternate", "type": "text/html", "hreflang": item.language}
        ]
        entry.summary(item.summary or item.title)
        entry.content(item.content_html or item.summary or item.title, type="html")
        entry.published(item.published)
        entry.updated(item.updated)
        for name, uri in item.authors:
            entry.author({"name": name, **({"uri": uri} if uri else {})})
        entry.dc.dc_creator([name for name, _uri in item.authors])
        for slug, name in item.categories:
            entry.category(term=slug, label=name)
        if item.enclosure:
            url, length, mime = item.enclosure
            entry.enclosure(url, str(length), mime)
            entry.newsroom.links.append(
                {"href": url, "rel": "enclosure", "type": mime, "length": str(length)}
            )
    return generator


def render_xml(feed):
    """RSS and Atom from one generator (the items are added once)."""
    generator = feed_generator(feed)
    generator.link(feed_links(feed, "rss"), replace=True)
    rss = generator.rss_str(pretty=True)
    generator.link(feed_links(feed, "atom"), replace=True)
    return rss, generator.atom_str(pretty=True)


def render_json(feed):
    data = {
        "version": JSON_FEED_VERSION,
        "title": feed.title,
        "home_page_url": feed.html_url,
        "feed_url": feed.key.url("json"),
        "description": feed.description,
        "language": feed.key.language,
        "authors": [{"name": feed.brand, "url": feed.html_url}],
    }
    if feed.hub:
        data["hubs"] = [{"type": "WebSub", "url": feed.hub}]
    data["items"] = [json_item(item) for item in feed.items]
    return json.dumps(data, ensure_ascii=False, indent=1).encode()


def json_item(item):
    data = {
        "id": item.guid,
        "url": item.url,
        "title": item.title,
        "summary": item.summary,
        "content_html": item.content_html,
        "date_published": item.published.isoformat(),
        "date_modified": item.updated.isoformat(),
        "authors": [{"name": name, **({"url": uri} if uri else {})} for name, uri in item.authors],
        "language": item.language,
    }
    if item.categories:
        data["tags"] = [name for _slug, name in item.categories]
    if item.enclosure:
        url, length, mime = item.enclosure
        data["attachments"] = [{"url": url, "mime_type": mime, "size_in_bytes": length}]
    return data


def rebuild(tokens, store=None):
    """Build every feed the tokens name, one builder at a time; ping the hub if any changed."""
    store = store or get_store()
    with store.lock():
        build = BuildPass(store).run(set(tokens))
    if build.changed_urls and build.hub:
        from .tasks import send_ping

        send_ping(sorted(set(build.changed_urls)))
    if build.failed:
        raise FeedBuildError(f"could not build {', '.join(build.failed)}")
    return build


def rebuild_everything(store=None):
    return rebuild({"*"}, store)
