"""Event calendars with icalendar: one per language (``events.ics``) and one per event.

Each event keeps the same UID for ever (from its translation key and language), carries its
own time zone (a VTIMEZONE built from zoneinfo), says ``STATUS:CANCELLED`` once cancelled and
raises ``SEQUENCE`` whenever its time or place changes (``EventPage.sequence``), so calendar
apps that imported it update their copy instead of adding a second one.
"""

import functools
import html
import zoneinfo
from datetime import UTC, date, timedelta

import icalendar
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext

from .builders import clean_text
from .catalogue import SECTION_LABELS, event_uid

PRODID = "-//Newsroom//Feeds and calendars//EN"
# The language calendar holds events that ended less than this long ago, and all later ones.
CALENDAR_PAST = timedelta(days=365)
# The download of one event quotes this much of its text in DESCRIPTION; the language
# calendar, which grows with every event, has the standfirst and the link only.
EXCERPT_IN_DOWNLOAD = 1500


@functools.lru_cache(maxsize=256)
def timezone_component(zone, first, last):
    return icalendar.Timezone.from_tzinfo(
        zoneinfo.ZoneInfo(zone), tzid=zone, first_date=first, last_date=last
    )


def new_calendar(language, name, description, url):
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("name", name, parameters={"LANGUAGE": language})
    calendar.add("x-wr-calname", name)
    calendar.add("description", description, parameters={"LANGUAGE": language})
    calendar.add("x-wr-caldesc", description)
    calendar.add("url", url)
    calendar.add("refresh-interval", timedelta(hours=1), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT1H")
    return calendar


def serialise(calendar, events, vevents):
    """The calendar with its time zones (first, as calendar apps expect) and the events."""
    if events:
        first = date(min(event.local_start.year for event in events) - 1, 1, 1)
        last = date(max(event.local_end.year for event in events) + 2, 1, 1)
        for zone in sorted({event.time_zone for event in events}):
            calendar.add_component(timezone_component(zone, first, last))
    head, end = calendar.to_ical().rsplit(b"END:VCALENDAR", 1)
    return b"".join([head, *vevents, b"END:VCALENDAR", end])


def plain_text(event, length):
    parts = []
    for block in event.body:
        if block.block_type == "paragraph":
            parts.append(" ".join(html.unescape(strip_tags(block.value.source)).split()))
    return Truncator("\n\n".join(part for part in parts if part)).chars(length)


def event_component(data, event, url, excerpt=0, uid=None, stamp=None, status=None):
    """One VEVENT; ``excerpt`` characters of the event's text go into its DESCRIPTION.

    Invitations (``invitation_calendar``) give their own ``uid``, the time of the message as
    ``stamp`` and, for a cancellation, ``status``.
    """
    language = data.language
    component = icalendar.Event()
    component.add("uid", uid or event_uid(event.translation_key, language))
    stamp = stamp or event.last_published_at or event.first_published_at or event.start
    component.add("dtstamp", stamp.astimezone(UTC))
    if event.first_published_at:
        component.add("created", event.first_published_at.astimezone(UTC))
    if event.last_published_at:
        component.add("last-modified", event.last_published_at.astimezone(UTC))
    component.add("dtstart", event.local_start)
    component.add("dtend", event.local_end)
    component.add("summary", clean_text(event.title), parameters={"LANGUAGE": language})
    lines = []
    if event.cancelled:
        lines.append(gettext("This event has been cancelled."))
    lines.append(clean_text(event.subtitle))
    if excerpt:
        lines.append(clean_text(plain_text(event, excerpt)))
    if event.online_url and not event.cancelled:
        lines.append(f"{gettext('Join online')}: {event.online_url}")
    lines.append(url)
    component.add(
        "description",
        "\n\n".join(line for line in lines if line),
        parameters={"LANGUAGE": language},
    )
    if event.venue_name:
        place = [event.venue_name, *event.venue_address.splitlines()]
        location = ", ".join(clean_text(part).strip() for part in place if part.strip())
        component.add("location", location, parameters={"LANGUAGE": language})
    elif event.online_url:
        component.add("location", event.online_url)
    component.add("url", url)
    component.add("status", status or ("CANCELLED" if event.cancelled else "CONFIRMED"))
    component.add("sequence", event.sequence)
    component.add("class", "PUBLIC")
    component.add("transp", "OPAQUE")
    topics = categories(data, event)
    if topics:
        component.add("categories", list(topics), parameters={"LANGUAGE": language})
    return component


def categories(data, event):
    topics = getattr(event, "feed_topics", None)
    if topics is None:
        topics = event.topics.all()
    return tuple(sorted(clean_text(data.topic(topic).name) for topic in topics))


# Serialised VEVENTs of the language calendars, by (language, page id): (inputs, bytes). A
# rebuild after one change then serialises that one event, not the whole calendar (icalendar
# folds lines a character at a time). The inputs are everything the VEVENT is made of, so a
# stale entry can never be used.
_vevents = {}
VEVENT_CACHE_SIZE = 20_000


def calendar_vevent(data, event, url):
    inputs = (
        event.title,
        event.subtitle,
        event.start,
        event.end,
        event.time_zone,
        event.venue_name,
        event.venue_address,
        event.online_url,
        event.cancelled,
        event.sequence,
        event.first_published_at,
        event.last_published_at,
        str(event.translation_key),
        url,
        categories(data, event),
        gettext("This event has been cancelled."),
        gettext("Join online"),
    )
    key = (data.language, event.pk)
    cached = _vevents.get(key)
    if cached is not None and cached[0] == inputs:
        return cached[1]
    serialised = event_component(data, event, url).to_ical()
    if len(_vevents) >= VEVENT_CACHE_SIZE:
        _vevents.clear()
    _vevents[key] = (inputs, serialised)
    return serialised


def calendar_name(data):
    return gettext("%(brand)s: %(feed)s") % {
        "brand": data.brand,
        "feed": str(SECTION_LABELS["events"]),
    }


def build_calendar(build, key):
    """``<lang>/events.ics``: every live public event of the language, except long past ones."""
    data = build.language(key.language)
    if data.locale is None:
        build.remove(key)
        return
    since = build.now - CALENDAR_PAST
    events = [event for event in build.live_events(key.language) if event.end >= since]
    urls = {event.pk: data.page_url(event) for event in events}
    events = [event for event in events if urls[event.pk]]
    calendar = new_calendar(
        key.language,
        calendar_name(data),
        gettext("Events organised or attended by %(brand)s.") % {"brand": data.brand},
        data.index_url("events"),
    )
    vevents = [calendar_vevent(data, event, urls[event.pk]) for event in events]
    updated = max((e.last_published_at for e in events if e.last_published_at), default=None)
    build.save(
        key,
        {"ics": serialise(calendar, events, vevents)},
        [event.pk for event in events],
        updated or build.feed_updated(key, []),
        ping=False,
    )


def build_event_calendar(build, key):
    """``<lang>/events/<translation key>.ics``: one event, for "add to calendar"."""
    from newsroom.events.models import EventPage

    data = build.language(key.language)
    event = None
    if data.locale is not None:
        event = (
            EventPage.objects.live()
            .public()
            .filter(locale=data.locale, translation_key=key.name)
            .prefetch_related("topics")
            .first()
        )
    url = data.page_url(event) if event is not None else None
    if url is None:
        build.remove(key)
        return
    calendar = new_calendar(
        key.language,
        clean_text(event.title),
        clean_text(event.subtitle) or calendar_name(data),
        url,
    )
    vevent = event_component(data, event, url, EXCERPT_IN_DOWNLOAD).to_ical()
    build.save(
        key,
        {"ics": serialise(calendar, [event], [vevent])},
        [event.pk],
        event.last_published_at or build.now,
        ping=False,
    )


# --- Invitations (iTIP, RFC 5546) sent to the people who registered for an event.


class EventLanguage:
    """What ``event_component`` needs of a language outside a feed build: topic names in it."""

    def __init__(self, language):
        from wagtail.models import Locale

        self.language = language
        self.locale = Locale.objects.filter(language_code=language).first()

    def topic(self, topic):
        if self.locale is None or topic.locale_id == self.locale.pk:
            return topic
        return topic.get_translation_or_none(self.locale) or topic


def invitation_calendar(
    event,
    url,
    language,
    *,
    method,
    uid,
    organizer,
    attendee,
    stamp=None,
    cancelled=False,
):
    """A one-event calendar addressed to one attendee, as calendar apps expect in an email.

    ``method`` is ``REQUEST`` (an invitation, or an update: same ``uid``, higher SEQUENCE) or
    ``CANCEL``. ``organizer`` and ``attendee`` are ``(name, address)`` pairs; the attendee is
    asked to answer (RSVP=TRUE, PARTSTAT=NEEDS-ACTION). ``cancelled`` marks the VEVENT
    cancelled for this attendee even if the event itself goes ahead (they cancelled).
    """
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)
    status = "CANCELLED" if cancelled or method == "CANCEL" or event.cancelled else None
    component = event_component(
        EventLanguage(language),
        event,
        url,
        uid=uid,
        stamp=stamp or timezone_now(),
        status=status,
    )
    organizer_address = icalendar.vCalAddress(f"mailto:{organizer[1]}")
    organizer_address.params["CN"] = icalendar.vText(clean_text(organizer[0]))
    component.add("organizer", organizer_address, encode=0)
    attendee_address = icalendar.vCalAddress(f"mailto:{attendee[1]}")
    attendee_address.params["CN"] = icalendar.vText(clean_text(attendee[0]))
    attendee_address.params["ROLE"] = icalendar.vText("REQ-PARTICIPANT")
    attendee_address.params["PARTSTAT"] = icalendar.vText("NEEDS-ACTION")
    attendee_address.params["RSVP"] = icalendar.vText("TRUE")
    attendee_address.params["CUTYPE"] = icalendar.vText("INDIVIDUAL")
    component.add("attendee", attendee_address, encode=0)
    return serialise(calendar, [event], [component.to_ical()])


def timezone_now():
    from django.utils import timezone

    return timezone.now()
