"""/events, /topics, /organisations and /locales."""

import datetime

import pytest

from newsroom.api.links import event_ics_url
from tests.support.api import ids

pytestmark = pytest.mark.django_db


def test_upcoming_and_past_events(api, newsroom):
    upcoming = api.json("/api/v1/events")
    assert ids(upcoming["results"]) == {
        newsroom["event_upcoming"].pk,
        newsroom["event_upcoming_ar"].pk,
    }
    past = api.json("/api/v1/events?when=past")
    assert ids(past["results"]) == {newsroom["event_past"].pk}
    assert api.json("/api/v1/events?when=all&locale=ar")["count"] == 1
    assert api.json("/api/v1/events?when=all&topic=detention&locale=en")["count"] == 1


def test_event_times_venue_and_calendar(api, newsroom):
    event = newsroom["event_upcoming"]
    item = next(i for i in api.json("/api/v1/events?locale=en")["results"] if i["id"] == event.pk)
    info = item["event"]
    start = datetime.datetime.fromisoformat(info["start"])
    assert abs(start - event.start) < datetime.timedelta(milliseconds=1)
    assert info["start"][-6:] in ("+01:00", "+02:00")  # Zurich, with its offset
    assert info["time_zone"] == "Europe/Zurich"
    assert info["venue"]["name"] == "Palais des Nations, Room XXIII"
    assert info["organisers"][0]["name"] == "Geneva Forum"
    assert info["upcoming"] is True
    assert info["ics_url"] == event_ics_url(event)
    assert info["ics_url"].startswith("https://news.example.org/en/events/panel-in-geneva/")
    assert item["translations"][0]["id"] == newsroom["event_upcoming_ar"].pk
    detail = api.json(f"/api/v1/pages/{event.pk}")
    assert detail["event"]["ics_url"] == info["ics_url"]


def test_topics_organisations_and_locales(api, newsroom):
    topics = api.json("/api/v1/topics?locale=ar")["results"]
    assert [(t["slug"], t["name"]) for t in topics] == [("detention", "الاحتجاز")]
    organisations = api.json("/api/v1/organisations?locale=en")["results"]
    assert {o["name"] for o in organisations} == {"Coalition for Rights", "Geneva Forum"}
    locales = api.json("/api/v1/locales")["results"]
    assert locales == [
        {
            "code": "en",
            "name": "English",
            "direction": "ltr",
            "home_url": "https://news.example.org/en/",
        },
        {
            "code": "ar",
            "name": "العربية",
            "direction": "rtl",
            "home_url": "https://news.example.org/ar/",
        },
    ]
