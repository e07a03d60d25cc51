"""An event's day and time (display_tags.day and clock) say exactly what Django's date format
"l j F Y" and "H:i" would, with the translated names, in each language's digits."""

import datetime
import zoneinfo

import pytest
from django.template.defaultfilters import date as date_filter
from django.utils import translation

from newsroom.core.i18n import localise_digits
from newsroom.core.templatetags.display_tags import clock, day

ZONE = zoneinfo.ZoneInfo("Europe/Zurich")
MOMENTS = [
    datetime.datetime(2026, 3, 10, 13, 0, tzinfo=ZONE),
    datetime.datetime(2026, 10, 25, 2, 30, tzinfo=ZONE),  # the hour the clocks go back
    datetime.datetime(2027, 1, 1, 0, 5, tzinfo=datetime.UTC),
    *(datetime.datetime(2026, month, day, 9, 7, tzinfo=ZONE) for month, day in [(2, 1), (8, 31)]),
    *(datetime.datetime(2026, 6, 1 + offset, 23, 59, tzinfo=ZONE) for offset in range(7)),
]


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_day_and_time_are_djangos(language):
    with translation.override(language):
        for moment in MOMENTS:
            assert day(moment) == localise_digits(date_filter(moment, "l j F Y"), language)
            assert clock(moment) == localise_digits(date_filter(moment, "H:i"), language)


def test_arabic_names_and_digits():
    with translation.override("ar"):
        assert day(MOMENTS[0]) == "الثلاثاء ١٠ مارس ٢٠٢٦"
        assert clock(MOMENTS[0]) == "١٣:٠٠"
