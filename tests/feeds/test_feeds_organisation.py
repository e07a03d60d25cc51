"""Feeds and calendars are titled and signed with the organisation's name in their language,
and an edit of the profile rebuilds them."""

import feedparser
import icalendar
import pytest

from tests.factories import organisation_profile

pytestmark = pytest.mark.django_db


def titles(client, language):
    rss = feedparser.parse(client.get(f"/{language}/feeds/all.rss").content).feed
    atom = feedparser.parse(client.get(f"/{language}/feeds/statements.atom").content).feed
    feed_json = client.get(f"/{language}/feeds/all.json").json()
    calendar = icalendar.Calendar.from_ical(client.get(f"/{language}/feeds/events.ics").content)
    return {
        "rss": rss.title,
        "atom": atom.title,
        "atom author": atom.author_detail.name,
        "json": feed_json["title"],
        "json author": feed_json["authors"][0]["name"],
        "calendar": str(calendar["X-WR-CALNAME"]),
    }


def test_feeds_carry_the_name_of_their_language_and_follow_an_edit(
    client, content, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        english, arabic = organisation_profile(content.tree)
    en, ar = titles(client, "en"), titles(client, "ar")
    assert en["rss"].startswith("Rights Watch: ")
    assert en["atom author"] == en["json author"] == "Rights Watch"
    assert en["calendar"].startswith("Rights Watch")
    assert ar["rss"].startswith("مرصد الحقوق")
    assert ar["atom author"] == ar["json author"] == "مرصد الحقوق"
    assert "مرصد الحقوق" in ar["calendar"]

    with django_capture_on_commit_callbacks(execute=True):
        arabic.name = "مرصد الحريات"
        arabic.save()
    ar = titles(client, "ar")
    assert all("مرصد الحريات" in value for value in ar.values()), ar
    assert titles(client, "en") == en
