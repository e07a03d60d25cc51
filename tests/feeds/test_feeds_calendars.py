"""Event calendars: valid iCalendar per language and per event, UID, zones, SEQUENCE."""

import datetime

import icalendar
import pytest
from django.conf import settings
from wagtail.models import Locale
from wagtail_localize.fields import get_translatable_fields
from wagtail_localize.models import Translation, TranslationSource

from newsroom.core.identifiers import event_uid
from newsroom.events.models import EventPage
from tests.factories import EventPageFactory, publish

pytestmark = pytest.mark.django_db

REQUIRED_CALENDAR = ("VERSION", "PRODID")
REQUIRED_EVENT = ("UID", "DTSTAMP", "DTSTART")


def calendar_at(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = icalendar.Calendar.from_ical(response.content)
    for name in REQUIRED_CALENDAR:
        assert name in calendar, name
    for event in calendar.walk("VEVENT"):
        for name in REQUIRED_EVENT:
            assert name in event, name
    assert calendar.get_missing_tzids() == set()
    return calendar, response


def only_event(calendar):
    (event,) = calendar.walk("VEVENT")
    return event


def test_language_calendars_import_cleanly(client, content):
    for language, title, venue in [
        ("en", "Panel on detention", "Palais des Nations, Room XXIII"),
        ("ar", "ندوة عن الاحتجاز", "قصر الأمم"),
    ]:
        calendar, _response = calendar_at(client, f"/{language}/feeds/events.ics")
        assert calendar["VERSION"] == "2.0"
        event = only_event(calendar)
        source = content.event_en
        assert str(event["UID"]) == event_uid(source.translation_key)
        assert str(event["SUMMARY"]) == title
        assert event["SUMMARY"].params["LANGUAGE"] == language
        assert event["DESCRIPTION"].params["LANGUAGE"] == language
        assert str(event["LOCATION"]).startswith(venue)
        assert str(event["URL"]).startswith(f"{settings.SITE_URL}/{language}/events/")
        assert str(event["STATUS"]) == "CONFIRMED"
        assert event["SEQUENCE"] == 0
        start = event.decoded("DTSTART")
        assert start == source.start.replace(microsecond=0)  # iCalendar counts in seconds
        assert str(start.tzinfo) == "Europe/Zurich"
        assert event["DTSTART"].params["TZID"] == "Europe/Zurich"
        assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Zurich"]
        assert event.decoded("DTEND") == source.end.replace(microsecond=0)


def test_each_event_has_its_own_download_linked_from_its_page(client, content):
    key = content.event_en.translation_key
    calendar, response = calendar_at(client, f"/ar/feeds/events/{key}.ics")
    assert response["Content-Disposition"] == f'attachment; filename="{key}.ics"'
    assert str(only_event(calendar)["UID"]) == event_uid(key)
    assert "ETag" in response and "Last-Modified" in response

    page = client.get(content.event_ar.url).content.decode()
    assert f'href="/ar/feeds/events/{key}.ics"' in page
    assert "إضافة إلى التقويم" in page
    english = client.get(content.event_en.url).content.decode()
    assert f'href="/en/feeds/events/{key}.ics"' in english
    assert "Add to calendar" in english


def test_cancelling_and_moving_an_event_bump_its_sequence(
    client, content, django_capture_on_commit_callbacks
):
    path = f"/en/feeds/events/{content.event_en.translation_key}.ics"
    event = EventPage.objects.get(pk=content.event_en.pk)

    event.subtitle = "A new standfirst."  # not about time or place: no bump
    with django_capture_on_commit_callbacks(execute=True):
        publish(event)
    assert only_event(calendar_at(client, path)[0])["SEQUENCE"] == 0

    event.start += datetime.timedelta(hours=1)
    event.end += datetime.timedelta(hours=1)
    with django_capture_on_commit_callbacks(execute=True):
        publish(event)
    moved = only_event(calendar_at(client, path)[0])
    assert moved["SEQUENCE"] == 1
    assert moved.decoded("DTSTART") == event.start.replace(microsecond=0)

    # Drafted from an older revision: the sequence it carries is stale, the bump still counts.
    draft = event.get_latest_revision_as_object()
    draft.sequence = 0
    draft.cancelled = True
    with django_capture_on_commit_callbacks(execute=True):
        draft.save_revision().publish()
    cancelled = only_event(calendar_at(client, path)[0])
    assert str(cancelled["STATUS"]) == "CANCELLED"
    assert cancelled["SEQUENCE"] == 2
    language_calendar = calendar_at(client, "/en/feeds/events.ics")[0]
    assert str(only_event(language_calendar)["STATUS"]) == "CANCELLED"


def test_a_new_event_starts_at_sequence_zero(content):
    tree = content.tree
    event = EventPageFactory(parent=tree.events_en, locale=tree.en, live=False)
    # Moved before it was ever published: nobody has it in a calendar yet.
    event.start += datetime.timedelta(days=1)
    event.end += datetime.timedelta(days=1)
    event.save()
    publish(event)
    assert EventPage.objects.get(pk=event.pk).sequence == 0


def test_wagtail_localize_keeps_the_sequence_in_step(content):
    tree = content.tree
    english = EventPageFactory(parent=tree.events_en, locale=tree.en, live=False)
    publish(english)
    source, _created = TranslationSource.get_or_create_from_instance(english)
    translation = Translation.objects.create(source=source, target_locale=tree.ar)
    translation.save_target(publish=True)
    arabic = english.get_translation(Locale.objects.get(language_code="ar"))

    english = EventPage.objects.get(pk=english.pk)
    english.venue_name = "Room XX"
    publish(english)
    assert EventPage.objects.get(pk=english.pk).sequence == 1

    source.update_from_db()
    translation.save_target(publish=True)
    assert EventPage.objects.get(pk=arabic.pk).sequence == 1


def test_sequence_is_a_synchronised_field():
    fields = {field.field_name: field for field in get_translatable_fields(EventPage)}
    assert not fields["sequence"].is_translated(EventPage())
    assert not fields["sequence"].is_overridable(EventPage())
