"""Presentation helpers that need more logic than a template should hold."""

import functools
import zoneinfo

from babel.dates import get_timezone_location
from django import template
from django.conf import settings
from django.utils import timezone
from django.utils.dates import MONTHS, WEEKDAYS
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, pgettext

from newsroom.core.i18n import conjoin, localise_digits

register = template.Library()


def day(value):
    """ "Tuesday 10 March 2026" in the active language: what Django's date format "l j F Y"
    writes, with the same translated names, without its formatter, which took a fifth of an
    event's date line. The datetime is already in the event's zone and is written as it is."""
    names = f"{WEEKDAYS[value.weekday()]} {value.day} {MONTHS[value.month]} {value.year}"
    return localise_digits(names, get_language())


def clock(value):
    """ "13:00" ("H:i"), in the active language's digits."""
    return localise_digits(f"{value.hour:02d}:{value.minute:02d}", get_language())


def _day_and_time(value):
    return pgettext("event date and time", "{day}, {time}").format(
        day=day(value), time=clock(value)
    )


def zone_name(zone, language=None):
    """The place whose clock a time zone keeps, in the reader's language (CLDR): "Brussels",
    "بروكسل" for Europe/Brussels; never the raw IANA id, which is no word in any language."""
    code = (language or get_language() or settings.LANGUAGE_CODE).split("-")[0]
    return _place_of_zone(zone, code)


@functools.lru_cache(maxsize=1024)  # CLDR's answer never changes; it took 20 µs
def _place_of_zone(zone, code):
    try:
        return get_timezone_location(zone, locale=code, return_city=True)
    except (LookupError, ValueError):
        # A zone or language CLDR does not know: the id, read as a place name.
        return zone.rpartition("/")[2].replace("_", " ")


def _zone_html(zone):
    # Isolated: a name CLDR has only in Latin letters ("UTC") must not reorder Arabic text.
    return format_html('<bdi class="time-zone">{}</bdi>', zone_name(zone))


def _time(value, text):
    return format_html('<time datetime="{}">{}</time>', value.isoformat(), text)


@register.simple_tag
def zoned_datetime(value, zone):
    """A moment in the zone named ``zone``, with the zone's place: "Monday 2 March 2026, 18:00
    (Brussels time)" (registration opening and closing times, seat offers)."""
    local = timezone.localtime(value, zoneinfo.ZoneInfo(zone))
    return format_html(
        pgettext("event time zone", "{when} ({zone} time)"),
        when=_day_and_time(local),
        zone=_zone_html(zone),
    )


@register.simple_tag
def event_when(event):
    """When an event happens, in its own zone: "Tuesday 10 March 2026, 13:00–14:30 (Zurich time)".

    Readers travel to the venue (or join from the venue's timetable), so the time is never
    converted to the reader's zone; the zone's place is printed instead.
    """
    start, end = event.local_start, event.local_end
    start_html = _time(start, _day_and_time(start))
    if start.date() == end.date():
        end_html = _time(end, clock(end))
        span = pgettext("event on one day", "{start}–{end}")
    else:
        end_html = _time(end, _day_and_time(end))
        span = pgettext("event over several days", "{start} – {end}")
    when = format_html(span, start=start_html, end=end_html)
    return format_html(
        pgettext("event time zone", "{when} ({zone} time)"),
        when=when,
        zone=_zone_html(event.time_zone),
    )


@register.simple_tag
def organiser_list(organisations):
    """The organisations, linked where they have a website, listed as the reader's language
    lists names (CLDR): "A, B and C", "A وB وC"."""
    names = [
        format_html('<a href="{}">{}</a>', org.website, org.name)
        if org.website
        else format_html("{}", org.name)
        for org in organisations
    ]
    # Every item is escaped above; the CLDR pattern adds only words and punctuation.
    return mark_safe(conjoin(names))
