"""An event as iCalendar (icalendar): its VEVENT, and the one-event invitation that
registrations email to each attendee. The feeds' calendars are made of the same VEVENTs.

Each event keeps the same UID for ever, in both languages and in every attendee's invitation
(``core.identifiers.event_uid``, from its translation key), carries its
own time zone (a VTIMEZONE built from zoneinfo), says ``STATUS:CANCELLED`` once cancelled and
raises ``SEQUENCE`` whenever its time or place changes (``EventPage.sequence``), so calendar
apps that imported it update their copy instead of adding a second one.

A VEVENT is written in one language: ``language`` below is anything with a ``language`` code
and a ``topic(topic)`` method giving a topic in that language (``EventLanguage``, or the
feeds' language data, which already holds every topic of its language).
"""

import functools
import html
import zoneinfo
from datetime import UTC, date

import icalendar
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext
from wagtail.models import Locale

from newsroom.core.i18n import join_parts
from newsroom.core.identifiers import event_uid
from newsroom.core.sanitise import clean_xml_text

PRODID = "-//Newsroom//Feeds and calendars//EN"


def calendar_shell(method):
    """An empty VCALENDAR: ``PUBLISH`` for a subscription or download, ``REQUEST`` or
    ``CANCEL`` for an invitation (iTIP, RFC 5546)."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)
    return calendar


@functools.lru_cache(maxsize=256)
def timezone_component(zone, first, last):
    return icalendar.Timezone.from_tzinfo(
        zoneinfo.ZoneInfo(zone), tzid=zone, first_date=first, last_date=last
    )


def serialise(calendar, events, vevents):
    """The calendar with its time zones (first, as calendar apps expect) and the events
    (``vevents``: serialised VEVENTs of ``events``)."""
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


def event_description(event, url, excerpt):
    lines = []
    if event.cancelled:
        lines.append(gettext("This event has been cancelled."))
    lines.append(clean_xml_text(event.subtitle))
    if excerpt:
        lines.append(clean_xml_text(plain_text(event, excerpt)))
    if event.online_url and not event.cancelled:
        lines.append(f"{gettext('Join online')}: {event.online_url}")
    lines.append(url)
    return "\n\n".join(line for line in lines if line)


def event_component(language, event, url, excerpt=0, stamp=None, status=None):
    """One VEVENT; ``excerpt`` characters of the event's text go into its DESCRIPTION.

    Invitations (``invitation_calendar``) give the time of the message as ``stamp`` and, for a
    cancellation, ``status``.
    """
    code = language.language
    component = icalendar.Event()
    component.add("uid", event_uid(event.translation_key))
    stamp = stamp or event.last_published_at or event.first_published_at or event.start
    component.add("dtstamp", stamp.astimezone(UTC))
    if event.first_published_at:
        component.add("created", event.first_published_at.astimezone(UTC))
    if event.last_published_at:
        component.add("last-modified", event.last_published_at.astimezone(UTC))
    component.add("dtstart", event.local_start)
    component.add("dtend", event.local_end)
    component.add("summary", clean_xml_text(event.title), parameters={"LANGUAGE": code})
    component.add(
        "description", event_description(event, url, excerpt), parameters={"LANGUAGE": code}
    )
    if event.venue_name:
        place = [event.venue_name, *event.venue_address.splitlines()]
        location = join_parts([clean_xml_text(part) for part in place], code)
        component.add("location", location, parameters={"LANGUAGE": code})
    elif event.online_url:
        component.add("location", event.online_url)
    component.add("url", url)
    component.add("status", status or ("CANCELLED" if event.cancelled else "CONFIRMED"))
    component.add("sequence", event.sequence)
    component.add("class", "PUBLIC")
    component.add("transp", "OPAQUE")
    topics = categories(language, event)
    if topics:
        component.add("categories", list(topics), parameters={"LANGUAGE": code})
    return component


def categories(language, event):
    """The event's topic names in ``language``, sorted. A feed build sets ``feed_topics`` on
    the events it loaded (one query for all of them)."""
    topics = getattr(event, "feed_topics", None)
    if topics is None:
        topics = event.topics.all()
    return tuple(sorted(clean_xml_text(language.topic(topic).name) for topic in topics))


class EventLanguage:
    """A language for ``event_component`` outside a feed build: topics are translated one
    by one."""

    def __init__(self, language):
        self.language = language
        self.locale = Locale.objects.filter(language_code=language).first()

    def topic(self, topic):
        if self.locale is None or topic.locale_id == self.locale.pk:
            return topic
        return topic.get_translation_or_none(self.locale) or topic


def calendar_address(name, address):
    """A CAL-ADDRESS (ORGANIZER, ATTENDEE) with its common name."""
    value = icalendar.vCalAddress(f"mailto:{address}")
    value.params["CN"] = icalendar.vText(clean_xml_text(name))
    return value


def invitation_calendar(
    event,
    url,
    language,
    *,
    method,
    organizer,
    attendee,
    stamp=None,
    cancelled=False,
):
    """A one-event calendar addressed to one attendee, as calendar apps expect in an email.

    ``method`` is ``REQUEST`` (an invitation, or an update: same UID, higher SEQUENCE) or
    ``CANCEL``. The UID is the event's, as in the public calendars: an attendee who also
    subscribed to those sees one event, and a re-invitation after a cancellation replaces the
    cancelled entry (same SEQUENCE, later DTSTAMP). ``organizer`` and ``attendee`` are
    ``(name, address)`` pairs; the attendee is asked to answer (RSVP=TRUE,
    PARTSTAT=NEEDS-ACTION). ``cancelled`` marks the VEVENT cancelled for this attendee even
    if the event itself goes ahead (they cancelled).
    """
    calendar = calendar_shell(method)
    status = "CANCELLED" if cancelled or method == "CANCEL" or event.cancelled else None
    component = event_component(
        EventLanguage(language),
        event,
        url,
        stamp=stamp or timezone.now(),
        status=status,
    )
    component.add("organizer", calendar_address(*organizer), encode=0)
    attendee_address = calendar_address(*attendee)
    attendee_address.params["ROLE"] = icalendar.vText("REQ-PARTICIPANT")
    attendee_address.params["PARTSTAT"] = icalendar.vText("NEEDS-ACTION")
    attendee_address.params["RSVP"] = icalendar.vText("TRUE")
    attendee_address.params["CUTYPE"] = icalendar.vText("INDIVIDUAL")
    component.add("attendee", attendee_address, encode=0)
    return serialise(calendar, [event], [component.to_ical()])
