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
"""

import re
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

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
SECTIONS = ("statements", "news", "reports", "events")
SECTION_LABELS = {
    "all": _("Everything"),
    "statements": _("Statements"),
    "news": _("News"),
    "reports": _("Reports"),
    "events": _("Events"),
}
# Namespace of every id derived here (item guids, calendar UIDs, feed ids); never change it.
NAMESPACE = uuid.UUID("6f3d6c1e-5b0a-4f7e-9a59-2c3f1f1e8b4d")

# A topic slug as Topic.slug allows it (at most 120 characters): a longer name is no feed,
# and is answered 404 by the URL patterns before it can reach the file system.
SLUG_MAX_LENGTH = 120
SLUG = rf"[-a-zA-Z0-9_]{{1,{SLUG_MAX_LENGTH}}}"
TRANSLATION_KEY = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
_KEY = re.compile(
    rf"^(?P<language>[a-z]{{2,3}})/(?:"
    rf"(?P<all>all)|(?P<section>{'|'.join(SECTIONS)})|topics/(?P<topic>{SLUG})"
    rf"|(?P<calendar>events\.ics)|events/(?P<event>{TRANSLATION_KEY})\.ics)$"
)


def languages():
    return [code for code, _name in settings.LANGUAGES]


def stable_uuid(*parts):
    return uuid.uuid5(NAMESPACE, "/".join(str(part) for part in parts))


def item_guid(translation_key, language):
    """The id of a page in feeds and calendars: survives slug changes and moves."""
    return f"urn:uuid:{stable_uuid(translation_key, language)}"


def event_uid(translation_key, language):
    return str(stable_uuid(translation_key, language))


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
        """The URL path serving this artefact (``/en/feeds/all.rss``)."""
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
