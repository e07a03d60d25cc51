"""The feeds' calendars: one per language (``events.ics``) and one per event, made of the
events' VEVENTs (``newsroom.events.calendar``: UID, time zone, status and sequence)."""

from datetime import timedelta

from django.utils.translation import gettext

from newsroom.core.sanitise import clean_xml_text
from newsroom.events.calendar import calendar_shell, categories, event_component, serialise
from newsroom.events.models import EventPage

from . import catalogue

# The language calendar holds events that ended less than this long ago, and all later ones.
CALENDAR_PAST = timedelta(days=365)
# The download of one event quotes this much of its text in DESCRIPTION; the language
# calendar, which grows with every event, has the standfirst and the link only.
EXCERPT_IN_DOWNLOAD = 1500


def new_calendar(language, name, description, url):
    calendar = calendar_shell("PUBLISH")
    calendar.add("name", name, parameters={"LANGUAGE": language})
    calendar.add("x-wr-calname", name)
    calendar.add("description", description, parameters={"LANGUAGE": language})
    calendar.add("x-wr-caldesc", description)
    calendar.add("url", url)
    calendar.add("refresh-interval", timedelta(hours=1), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT1H")
    return calendar


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


def has_calendar(model):
    """True for page types the calendars hold (events; not the invitations under them)."""
    return model is not None and issubclass(model, EventPage)


def calendar_name(data):
    return gettext("%(brand)s: %(feed)s") % {
        "brand": data.brand,
        "feed": str(catalogue.label("events")),
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
        str(catalogue.description("events")) % {"brand": data.brand},
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
        clean_xml_text(event.title),
        clean_xml_text(event.subtitle) or calendar_name(data),
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
