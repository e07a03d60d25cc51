"""One build pass (``rebuild(tokens)``): expand the tokens into feed keys, build each key
once, store what changed and ping the WebSub hub about it.

A feed is loaded (``loading``), rendered (``rendering``) and written to the artefact store
(``store``) with the pages it holds, so a later change to one page rebuilds only the feeds
that held it or should hold it (``page_keys``). Calendars are built by ``calendars``.
"""

import logging
from datetime import datetime
from time import perf_counter
from types import SimpleNamespace

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext
from wagtail.models import Page

from newsroom.core.sanitise import clean_xml_text
from newsroom.core.sections import keys as section_keys

from . import catalogue
from .calendars import build_calendar, build_event_calendar, has_calendar
from .catalogue import FeedKey, languages
from .loading import ItemLoader, LanguageData, live_events
from .rendering import FeedInfo, render_json, render_xml
from .store import get_store
from .text import clean_title
from .websub import send_ping

logger = logging.getLogger(__name__)


class FeedBuildError(Exception):
    pass


class BuildPass:
    """One rebuild: expands tokens into keys and builds each once, sharing loaded items."""

    def __init__(self, store=None):
        self.store = store or get_store()
        self.now = timezone.now()
        self.hub = settings.WEBSUB_HUB_URL
        self.root_paths = SimpleNamespace()  # caches Wagtail's site root paths for the pass
        self.items = ItemLoader(settings.FEEDS_LENGTH)
        self._languages = {}
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

    def live_events(self, language):
        """Every live public event of ``language``, loaded once per pass."""
        if language not in self._live_events:
            self._live_events[language] = live_events(self.language(language))
        return self._live_events[language]

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
            else:
                keys |= self.token_keys(token)
        return keys

    def token_keys(self, token):
        language, _sep, rest = token.partition("/")
        if language not in languages():
            return set()
        if rest == "*":
            return self.language_keys(language, events=True)
        if rest == "feeds":
            return self.language_keys(language, events=False)
        if rest.startswith("page/") and rest[5:].isdigit():
            return self.page_keys(language, int(rest[5:]))
        return {FeedKey.parse(token)} - {None}

    def language_keys(self, language, events):
        data = self.language(language)
        keys = {FeedKey(language, "all", "all"), FeedKey(language, "calendar", "events")}
        keys |= {FeedKey(language, "section", section) for section in section_keys()}
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
        section = catalogue.feed_section(type(page)) if page is not None else None
        if section and page.locale.language_code == language:
            keys.add(FeedKey(language, "all", "all"))
            keys.add(FeedKey(language, "section", section))
            data = self.language(language)
            for topic in page.topics.all():
                keys.add(FeedKey(language, "topic", data.topic(topic).slug))
            if has_calendar(type(page)):
                keys.add(FeedKey(language, "calendar", "events"))
                keys.add(FeedKey(language, "event", str(page.translation_key)))
        return keys - {None}

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
            build_calendar(self, key)
        elif key.kind == "event":
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
        topic = None
        if data.locale is None:
            self.remove(key)
            return
        if key.kind == "topic":
            topic = data.topics_by_slug.get(key.name)
            if topic is None:
                self.remove(key)
                return
        models = catalogue.feed_models("all" if key.kind == "topic" else key.name)
        items = self.items.for_feed(data, models, topic)
        feed = self.feed_info(data, key, topic, items)
        rss, atom = render_xml(feed)
        artefacts = {"rss": rss, "atom": atom, "json": render_json(feed)}
        self.save(key, artefacts, [item.page_id for item in items], feed.updated)

    def feed_info(self, data, key, topic, items):
        brand = data.brand
        if key.kind == "topic":
            label = clean_title(topic.name)
            description = clean_xml_text(topic.description) or gettext(
                "Everything %(brand)s publishes about %(topic)s."
            ) % {"brand": brand, "topic": label}
            html_url = data.home_url
        else:
            label = str(catalogue.label(key.name))
            description = str(catalogue.description(key.name)) % {"brand": brand}
            html_url = data.home_url if key.kind == "all" else data.index_url(key.name)
        return FeedInfo(
            key=key,
            title=gettext("%(brand)s: %(feed)s") % {"brand": brand, "feed": label},
            description=description,
            html_url=html_url,
            brand=brand,
            updated=self.feed_updated(key, items),
            items=items,
            hub=self.hub,
        )


def rebuild(tokens, store=None):
    """Build every feed the tokens name, one builder at a time; ping the hub if any changed."""
    store = store or get_store()
    with store.lock():
        build = BuildPass(store).run(set(tokens))
    if build.changed_urls and build.hub:
        send_ping(sorted(set(build.changed_urls)))
    if build.failed:
        raise FeedBuildError(f"could not build {', '.join(build.failed)}")
    return build
