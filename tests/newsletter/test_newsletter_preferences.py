"""One-click unsubscribe (RFC 8058), the preferences page, data download and erasure."""

import json

import pytest
from bs4 import BeautifulSoup
from django.test import Client

from newsletter import tokens
from newsletter.emails import subscriber_links
from newsletter.models import Delivery, Send, Subscriber
from tests.factories import TopicFactory, make_subscriber

pytestmark = pytest.mark.django_db
ONE_CLICK = {"List-Unsubscribe": "One-Click"}


def path_of(url):
    return "/" + url.split("/", 3)[3]


@pytest.fixture
def subscriber(tree):
    return make_subscriber("reader@example.org", language="en", frequency="daily")


def test_one_click_post_needs_no_login_nor_csrf_and_is_idempotent(subscriber):
    url = path_of(subscriber_links(subscriber)["unsubscribe_url"])
    client = Client(enforce_csrf_checks=True)
    for _ in range(2):
        response = client.post(url, ONE_CLICK)
        assert response.status_code == 200  # never a redirect
        assert response["Content-Type"].startswith("text/plain")
    subscriber.refresh_from_db()
    assert subscriber.status == "unsubscribed" and subscriber.unsubscribed_at


def test_one_click_post_for_unknown_or_forged_tokens_answers_200(subscriber):
    client = Client(enforce_csrf_checks=True)
    assert client.post("/en/newsletter/unsubscribe/nonsense/", ONE_CLICK).status_code == 200
    other = tokens.make(subscriber, tokens.PREFERENCES)  # signed, but for another purpose
    assert client.post(f"/en/newsletter/unsubscribe/{other}/", ONE_CLICK).status_code == 200
    assert Subscriber.objects.get().status == "confirmed"


def test_get_shows_a_button_and_unsubscribes_nobody(subscriber):
    url = path_of(subscriber_links(subscriber)["unsubscribe_url"])
    response = Client().get(url)
    assert response.status_code == 200
    page = BeautifulSoup(response.content, "html.parser")
    assert page.select_one("main form[method=post] button")
    assert page.select_one('meta[name="robots"]')["content"] == "noindex"
    assert Subscriber.objects.get().status == "confirmed"
    # The button (a browser POST, multipart or urlencoded) unsubscribes, with a page.
    response = Client(enforce_csrf_checks=True).post(url)
    assert response.status_code == 200 and b"<html" in response.content
    assert Subscriber.objects.get().status == "unsubscribed"


def test_unsubscribe_link_survives_preference_changes(subscriber, client):
    links = subscriber_links(subscriber)
    page = path_of(links["preferences_url"])
    response = client.post(page, {"language": "ar", "frequency": "weekly"})
    assert response.status_code == 200
    subscriber.refresh_from_db()
    assert (subscriber.language, subscriber.frequency) == ("ar", "weekly")
    assert client.post(path_of(links["unsubscribe_url"]), ONE_CLICK).status_code == 200
    assert Subscriber.objects.get().status == "unsubscribed"


def test_preferences_page_changes_language_topics_and_frequency(tree, subscriber, client):
    detention = TopicFactory(name="Detention", slug="detention", locale=tree.en)
    arabic = detention.copy_for_translation(tree.ar)
    arabic.name = "الاحتجاز"
    arabic.save()
    page = path_of(subscriber_links(subscriber)["preferences_url"])
    response = client.get(page)
    assert response.status_code == 200
    html = BeautifulSoup(response.content, "html.parser")
    assert html.select_one('input[name="frequency"][value="daily"][checked]')
    assert len(html.select("fieldset legend")) == 3
    response = client.post(
        page, {"language": "ar", "frequency": "immediate", "topics": ["detention"]}
    )
    assert response.status_code == 200 and response.context["saved"]
    subscriber.refresh_from_db()
    assert (subscriber.language, subscriber.frequency) == ("ar", "immediate")
    assert list(subscriber.topics.all()) == [arabic]  # the topic in the chosen language
    assert subscriber.updated_at is not None
    bad = client.post(page, {"language": "ar", "frequency": "hourly"})
    assert bad.status_code == 400


def test_preferences_need_a_valid_token(subscriber, client, settings):
    assert client.get("/en/newsletter/preferences/forged/").status_code == 404
    page = path_of(subscriber_links(subscriber)["preferences_url"])
    settings.NEWSLETTER_PREFERENCES_MAX_AGE = -1
    assert client.get(page).status_code == 410


def test_download_what_is_stored_as_json(subscriber, client):
    send = Send.objects.create(
        kind="daily", period="daily:2026-01-01", cutoff=subscriber.created_at
    )
    Delivery.objects.create(
        send=send, subscriber=subscriber, until=send.cutoff, status="sent", item_count=3
    )
    token = tokens.make(subscriber, tokens.PREFERENCES)
    assert client.get(f"/en/newsletter/preferences/{token}/data/").status_code == 405
    response = client.post(f"/en/newsletter/preferences/{token}/data/")
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["email"] == "reader@example.org"
    assert data["consent_given"] and data["frequency"] == "daily"
    assert data["messages"] == [
        {"send": "daily:2026-01-01", "status": "sent", "items": 3, "sent": None}
    ]


def test_erase_deletes_the_subscriber_and_keeps_anonymous_counts(subscriber, client):
    send = Send.objects.create(
        kind="daily", period="daily:2026-01-01", cutoff=subscriber.created_at
    )
    Delivery.objects.create(send=send, subscriber=subscriber, until=send.cutoff, status="sent")
    links = subscriber_links(subscriber)
    token = tokens.make(subscriber, tokens.PREFERENCES)
    # Without the confirmation box ticked nothing happens.
    client.post(f"/en/newsletter/preferences/{token}/erase/")
    assert Subscriber.objects.count() == 1
    response = client.post(f"/en/newsletter/preferences/{token}/erase/", {"confirm": "yes"})
    assert response.status_code == 200
    assert Subscriber.objects.count() == 0
    assert Delivery.objects.get().subscriber is None
    assert send.counts()["sent"] == 1
    # Old links now lead nowhere, and the one-click POST still answers 200.
    assert client.get(path_of(links["preferences_url"])).status_code == 404
    assert client.post(path_of(links["unsubscribe_url"]), ONE_CLICK).status_code == 200


def test_unsubscribed_reader_can_come_back_from_the_preferences_page(subscriber, client):
    token = tokens.make(subscriber, tokens.PREFERENCES)
    Client().post(path_of(subscriber_links(subscriber)["unsubscribe_url"]), ONE_CLICK)
    response = client.post(f"/en/newsletter/preferences/{token}/", {"action": "resubscribe"})
    assert response.status_code == 200
    assert Subscriber.objects.get().status == "confirmed"
