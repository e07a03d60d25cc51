"""Newsletter emails as an Arabic reader gets them: whole sentences around the organisation's
name, the site's date format, and Message-IDs on the site's domain that never repeat."""

import re

import pytest
from bs4 import BeautifulSoup
from django.core import mail

from newsletter import sending, tasks
from newsletter.emails import single
from newsletter.models import Delivery
from tests.factories import (
    StatementPageFactory,
    make_subscriber,
    organisation_profile,
    translate,
)

pytestmark = pytest.mark.django_db

MESSAGE_ID = re.compile(r"^<newsletter\.[0-9a-f]{32}@newsroom\.example\.org>$")


@pytest.fixture
def site(tree, settings):
    settings.SITE_URL = "https://newsroom.example.org"
    # The organisation's name is its profile's (newsroom.core.organisation).
    organisation_profile(tree, name="The Newsroom", arabic_name="المركز الإعلامي")
    return tree


@pytest.mark.parametrize(
    "kind, subject",
    [
        ("confirm", "أكّدوا اشتراككم في نشرة المركز الإعلامي البريدية"),
        ("already_subscribed", "أنتم مشتركون بالفعل في نشرة المركز الإعلامي البريدية"),
    ],
)
def test_arabic_subjects_are_whole_sentences_around_the_name(site, kind, subject):
    confirmed = kind == "already_subscribed"
    subscriber = make_subscriber("ar@example.org", language="ar", confirmed=confirmed)
    tasks.send_subscriber_email(subscriber.pk, kind)
    [message] = mail.outbox
    assert message.subject == subject  # no "لـالمركز", no leading space
    assert MESSAGE_ID.match(message.extra_headers["Message-ID"])


def test_welcome_and_footer_read_as_arabic(site):
    subscriber = make_subscriber("ar@example.org", language="ar")
    message = single("welcome", subscriber, {})
    assert message.subject == "مرحبًا بكم في نشرة المركز الإعلامي البريدية"
    body = message.body + message.alternatives[0][0]
    assert "لـال" not in body
    assert "اشتركتم في نشرة المركز الإعلامي البريدية" in message.body


def test_digest_dates_are_written_as_on_the_site_and_ids_are_unique(site, client):
    make_subscriber("ar@example.org", language="ar", frequency="daily")
    english = StatementPageFactory(parent=site.statements_en, locale=site.en, slug="release")
    page = translate(english, site.ar, title="أفرجوا عنهم")
    assert sending.start_digest("daily")["outcomes"] == {"sent": 1}
    [message] = mail.outbox
    response = client.get(page.url)
    assert response.status_code == 200, (page.url, response.status_code)
    on_site = BeautifulSoup(response.content, "html.parser")
    date = on_site.select_one(".dateline__date").text
    assert date and date in message.body and date in message.alternatives[0][0]

    delivery = Delivery.objects.get()
    first = delivery.message_id
    assert MESSAGE_ID.match(first)
    assert message.extra_headers["Message-ID"] == first
    # A database reset gives the next delivery the same keys again, never the same id.
    send_id, pk = delivery.send_id, delivery.pk
    Delivery.objects.all().delete()
    again = Delivery.objects.create(pk=pk, send_id=send_id, until=delivery.until)
    assert MESSAGE_ID.match(again.message_id) and again.message_id != first
    assert Delivery.objects.get(pk=pk).message_id == again.message_id  # stable for retries
