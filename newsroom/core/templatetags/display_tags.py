"""Presentation helpers that need more logic than a template should hold."""

import zoneinfo

from django import template
from django.template.defaultfilters import date as date_filter
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import get_language, pgettext

from newsroom.core.i18n import localise_digits

register = template.Library()

DAY_FORMAT = "l j F Y"
TIME_FORMAT = "H:i"


def _format(value, fmt):
    # The datetime is already in the event's zone; the date filter keeps whatever zone it gets.
    return localise_digits(date_filter(value, fmt), get_language())


def _day_and_time(value):
    return pgettext("event date and time", "{day}, {time}").format(
        day=_format(value, DAY_FORMAT), time=_format(value, TIME_FORMAT)
    )


def _time(value, text):
    return format_html('<time datetime="{}">{}</time>', value.isoformat(), text)


@register.simple_tag
def zoned_datetime(value, zone):
    """A moment in the zone named ``zone``, with the zone's name: "Monday 2 March 2026, 18:00
    (Europe/Brussels)" (registration opening and closing times, seat offers)."""
    local = timezone.localtime(value, zoneinfo.ZoneInfo(zone))
    return pgettext("event time zone", "{when} ({zone})").format(
        when=_day_and_time(local), zone=zone.replace("_", " ")
    )


@register.simple_tag
def event_when(event):
    """When an event happens, in its own zone: "Tuesday 10 March 2026, 13:00–14:30 (Europe/Zurich)".

    Readers travel to the venue (or join from the venue's timetable), so the time is never
    converted to the reader's zone; the zone's name is printed instead.
    """
    start, end = event.local_start, event.local_end
    start_html = _time(start, _day_and_time(start))
    if start.date() == end.date():
        end_html = _time(end, _format(end, TIME_FORMAT))
        span = pgettext("event on one day", "{start}–{end}")
    else:
        end_html = _time(end, _day_and_time(end))
        span = pgettext("event over several days", "{start} – {end}")
    when = format_html(span, start=start_html, end=end_html)
    zone = event.time_zone.replace("_", " ")
    return format_html(
        pgettext("event time zone", "{when} ({zone})"),
        when=when,
        zone=format_html('<span class="time-zone">{}</span>', zone),
    )
