"""An event's sign-up settings (registrations.SignUpSettings): one set, edited on the event's
Registration tab, carried to the Arabic translation and kept equal by a sync."""

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from newsroom.editorial.sync import sync_page
from newsroom.events.models import EventPage
from newsroom.registrations import services
from newsroom.registrations.models import SignUpSettings
from tests.admin.test_admin_crawl import EVENT_FIELDS, create_in_admin
from tests.factories import EventPageFactory, localize, publish
from tests.support.registrations import make_event, soon

SETTINGS = ("enabled", "opens_at", "closes_at", "capacity", "invitation_only", "offer_hold_hours")


def settings_of(page):
    (row,) = SignUpSettings.objects.filter(page=page)
    return row, {name: getattr(row, name) for name in SETTINGS}


def test_the_arabic_event_has_the_same_settings_and_state(tree):
    # Whole seconds: a translation's copy goes through JSON, which keeps milliseconds.
    opens = soon(days=1).replace(microsecond=0)
    english, arabic = make_event(
        tree, capacity=5, sign_ups={"opens_at": opens, "offer_hold_hours": 3}
    )
    english_row, english_values = settings_of(english)
    arabic_row, arabic_values = settings_of(arabic)
    assert arabic_row.pk != english_row.pk
    assert arabic_values == english_values
    assert services.sign_up_state(arabic) == services.sign_up_state(english) == "not_yet"


def test_a_sync_keeps_the_translation_settings_equal(tree):
    english, arabic = make_event(tree, capacity=5)
    english.sign_up_settings = [SignUpSettings(enabled=True, capacity=9, invitation_only=True)]
    english = publish(english)

    result = sync_page(english, tree.ar)

    assert result["outcome"] == "updated", result
    # As every synchronised field: the change arrives in a draft of the translation.
    assert settings_of(arabic)[1]["capacity"] == 5
    EventPage.objects.get(pk=arabic.pk).get_latest_revision().publish()
    assert settings_of(arabic)[1] == settings_of(english)[1]
    assert settings_of(arabic)[1]["capacity"] == 9


def test_an_event_without_settings_takes_no_sign_ups(tree, client):
    event = publish(EventPageFactory(parent=tree.events_en, locale=tree.en))
    assert services.sign_up_state(event) == "off"
    assert b"registration-form" not in client.get(event.url).content


def test_registration_must_close_after_it_opens():
    opens = timezone.now()
    with pytest.raises(ValidationError) as error:
        SignUpSettings(enabled=True, opens_at=opens, closes_at=opens).clean()
    assert "closes_at" in error.value.message_dict


def test_an_editor_switches_sign_ups_on_and_both_languages_show_the_box(tree, admin_client):
    fields = {
        "title": "Made in the admin",
        "slug": "made-in-the-admin",
        **EVENT_FIELDS,
        "sign_up_settings-TOTAL_FORMS": "1",
        "sign_up_settings-0-enabled": "on",
        "sign_up_settings-0-capacity": "12",
    }
    english = create_in_admin(admin_client, EventPage, tree.events_en, fields)
    assert settings_of(english)[1]["capacity"] == 12
    edit = admin_client.get(reverse("wagtailadmin_pages:edit", args=[english.pk]))
    assert b'name="sign_up_settings-0-capacity"' in edit.content
    # The one set of settings is headed by its name, not numbered like a list ("Sign-ups 1").
    page = BeautifulSoup(edit.content, "html.parser")
    row = page.select_one("#inline_child_sign_up_settings-0")
    heading = row.select_one("[data-panel-heading-text]")
    assert heading.get_text(strip=True) == "Sign-up settings"
    # Nor does Wagtail's script number it: the element it writes the number into is left out,
    # also from the template an added row is made from.
    new_row = page.select_one("#id_sign_up_settings-EMPTY_FORM_TEMPLATE")
    assert new_row is not None and "data-inline-panel-child-count" not in new_row.decode_contents()
    assert not row.select("[data-inline-panel-child-count]")
    assert page.select_one("#id_sign_up_settings-ADD").get_text(strip=True) == (
        "Add sign-up settings"
    )

    arabic = localize(english, tree.ar)

    reader = Client()
    for page in (english, arabic):
        response = reader.get(page.url)
        assert response.status_code == 200, page.url
        assert b"registration-form" in response.content, page.url
    assert settings_of(arabic)[1] == settings_of(english)[1]


def test_a_page_reads_its_settings_once(tree, client):
    """Its state, closing time and reply deadline all ask for the settings: one query."""
    english, arabic = make_event(tree, capacity=5)
    table = SignUpSettings._meta.db_table
    for page in (english, arabic):
        with CaptureQueriesContext(connection) as context:
            response = client.get(page.url)
        assert response.status_code == 200
        assert b"registration-form" in response.content
        reads = [query["sql"] for query in context if table in query["sql"]]
        assert len(reads) == 1, reads
