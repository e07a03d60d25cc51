"""Which feeds exist: their keys, the files that store them and the URLs that serve them.

A feed key names one artefact family and is also its path under FEEDS_ROOT (without the
format extension for feeds):

=================================  ==============================================
``en/all``                         everything in English (``.rss``, ``.atom``, ``.json``)
``en/statements`` (news, reports,  one section
events)
``en/topics/<slug>``               one topic, every section
``en/events.ics``                  the calendar of events
``en/events/<translation key>.ics``  one event
=================================  ==============================================

The builder also understands tokens that expand to keys: ``en/page/<id>`` (every feed that
holds, or should hold, that page), ``en/feeds`` (every feed and the calendar), ``en/*``
(those and every per-event calendar) and ``*`` (both languages).

The sections come from the registry (``newsroom.core.sections``); a section feed lists the
syndicated page types of its section.
"""

import re
from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from newsroom.core import sections
from newsroom.core.remembered_urls import remembered
from newsroom.core.sections import keys as section_keys

FORMATS = ("rss", "atom", "json")
CONTENT_TYPES = {
    "rss": "application/rss+xml; charset=utf-8",
    "atom": "application/atom+xml; charset=utf-8",
    "json": "application/feed+json; charset=utf-8",
    "ics": "text/calendar; charset=utf-8",
}
# The type attribute of <link rel="alternate"> for each format.
LINK_TYPES = {
    "rss": "application/rss+xml",
    "atom": "application/atom+xml",
    "json": "application/feed+json",
    "ics": "text/calendar",
}
FORMAT_NAMES = {"rss": "RSS", "atom": "Atom", "json": "JSON Feed", "ics": "iCalendar"}
# The feed of everything, beside one feed per section.
ALL_LABEL = _("Everything")
ALL_DESCRIPTION = _("Everything %(brand)s publishes: statements, news, reports and events.")

# A topic slug as Topic.slug allows it (at most 120 characters): a longer name is no feed,
# and is answered 404 by the URL patterns before it can reach the file system.
SLUG_MAX_LENGTH = 120
SLUG = rf"[-a-zA-Z0-9_]{{1,{SLUG_MAX_LENGTH}}}"
TRANSLATION_KEY = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
_TRANSLATION_KEY = re.compile(TRANSLATION_KEY)
_ANY_KEY = "00000000-0000-0000-0000-000000000000"
# Any lowercase name may be a section: ``parse`` asks the registry, which is filled only once
# the apps are ready (after this module is imported).
_KEY = re.compile(
    rf"^(?P<language>[a-z]{{2,3}})/(?:"
    rf"(?P<all>all)|(?P<section>[a-z]+)|topics/(?P<topic>{SLUG})"
    rf"|(?P<calendar>events\.ics)|events/(?P<event>{TRANSLATION_KEY})\.ics)$"
)


def languages():
    return [code for code, _name in settings.LANGUAGES]


def label(name):
    """The name of the feed of ``name``: ``"all"`` or a section key."""
    return ALL_LABEL if name == "all" else sections.get(name).label


def description(name):
    """One sentence about the feed of ``name``, with ``%(brand)s`` for the organisation."""
    return ALL_DESCRIPTION if name == "all" else sections.get(name).feed_description


def feed_models(name):
    """The page models the feed of ``name`` (``"all"`` or a section key) lists."""
    return list(sections.syndicated_models(None if name == "all" else sections.get(name)))


def feed_section(model):
    """The key of the section whose feed lists pages of ``model``; None if no feed does."""
    section = sections.section_of(model)
    if section is None:
        return None
    if not any(issubclass(model, listed_model) for listed_model in feed_models(section.key)):
        return None
    return section.key


@dataclass(frozen=True)
class FeedKey:
    language: str
    kind: str  # "all", "section", "topic", "calendar" or "event"
    name: str = ""  # the section, the topic slug or the event's translation key

    @classmethod
    def parse(cls, key):
        match = _KEY.match(key)
        if match is None or match["language"] not in languages():
            return None
        language = match["language"]
        if match["all"]:
            return cls(language, "all", "all")
        if match["section"]:
            if match["section"] not in section_keys():
                return None
            return cls(language, "section", match["section"])
        if match["topic"]:
            return cls(language, "topic", match["topic"])
        if match["calendar"]:
            return cls(language, "calendar", "events")
        return cls(language, "event", match["event"])

    def __str__(self):
        if self.kind == "all":
            return f"{self.language}/all"
        if self.kind == "section":
            return f"{self.language}/{self.name}"
        if self.kind == "topic":
            return f"{self.language}/topics/{self.name}"
        if self.kind == "calendar":
            return f"{self.language}/events.ics"
        return f"{self.language}/events/{self.name}.ics"

    @property
    def is_calendar(self):
        return self.kind in ("calendar", "event")

    @property
    def formats(self):
        return ("ics",) if self.is_calendar else FORMATS

    def relpath(self, fmt):
        """Where the artefact in ``fmt`` lives under FEEDS_ROOT."""
        return str(self) if self.is_calendar else f"{self}.{fmt}"

    def files(self):
        return [self.relpath(fmt) for fmt in self.formats]

    def path(self, fmt="ics"):
        """The URL path serving this artefact (``/en/feeds/all.rss``), worked out once per
        process (``remembered_urls``): every page links its feeds, every event its calendar.
        Events' calendars differ only by the key, which a URL writes as it is (hex digits and
        hyphens): their address is worked out once per language and the key put in."""
        if self.kind == "event" and _TRANSLATION_KEY.fullmatch(self.name):
            any_event = FeedKey(self.language, "event", _ANY_KEY)
            address = remembered(("feed", any_event, fmt), lambda: any_event._reverse(fmt))
            return address.replace(_ANY_KEY, self.name)
        return remembered(("feed", self, fmt), lambda: self._reverse(fmt))

    def _reverse(self, fmt):
        with translation.override(self.language):
            if self.kind == "all" or self.kind == "section":
                return reverse("feeds:feed", kwargs={"name": self.name, "fmt": fmt})
            if self.kind == "topic":
                return reverse("feeds:topic", kwargs={"slug": self.name, "fmt": fmt})
            if self.kind == "calendar":
                return reverse("feeds:calendar")
            return reverse("feeds:event", kwargs={"key": self.name})

    def url(self, fmt="ics"):
        return settings.SITE_URL + self.path(fmt)


def feeds_page_path(language):
    with translation.override(language):
        return reverse("feeds:index")
