"""Sign-up, double opt-in, re-sign-up, bad input, honeypot and rate limits (in-process)."""

import re

import pytest
from bs4 import BeautifulSoup
from django.core import mail, signing
from django.core.cache import cache
from django.test import Client

from newsletter import tokens
from newsletter.models import Subscriber
from tests.factories import TopicFactory, make_subscriber, organisation_profile
from tests.support.transactions import committed

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def clear_cache():
    cache.clear()
    yield
    cache.clear()


def signup(client, language="en", page=None, **data):
    payload = {"email": "reader@example.org", "language": language, "frequency": "weekly"}
    payload.update(data)
    page = page or (language if language in ("en", "ar") else "en")
    with committed():
        return client.post(f"/{page}/newsletter/", payload)


def confirm_link(message):
    return re.search(r"https?://[^/\s]+(/\w\w/newsletter/confirm/[^/\s]+/)", message.body).group(1)


@pytest.mark.parametrize("language", ["en", "ar"])
def test_home_page_has_the_form_in_its_language(tree, client, language):
    TopicFactory(name="Detention", slug="detention", locale=tree.en)
    response = client.get(f"/{language}/")
    assert response.status_code == 200
    page = BeautifulSoup(response.content, "html.parser")
    form = page.select_one("form.newsletter-form")
    assert form["action"] == f"/{language}/newsletter/"
    assert form.select_one('input[name="language"][checked]')["value"] == language
    legends = [legend.get_text(strip=True) for legend in form.select("fieldset legend")]
    assert len(legends) == 3  # language, topics, frequency
    assert form.select_one('label[for="newsletter-email"]')
    assert not page.select("[style]") and not page.select("script:not([src])")


def test_signup_page_stands_alone(client, tree):
    response = client.get("/ar/newsletter/")
    assert response.status_code == 200
    page = BeautifulSoup(response.content, "html.parser")
    assert page.html["dir"] == "rtl"
    assert page.select_one("h1").get_text(strip=True) == "النشرة البريدية"


def test_signup_sends_a_confirmation_and_nothing_else(client, tree):
    organisation_profile(tree, arabic_name="مرصد الحقوق")
    topic = TopicFactory(name="Detention", slug="detention", locale=tree.en)
    response = signup(client, language="ar", email="Reader@Example.org", topics=["detention"])
    assert response.status_code == 302
    assert response["Location"] == "/ar/newsletter/check-your-email/"
    subscriber = Subscriber.objects.get()
    assert subscriber.email == "reader@example.org"
    assert (subscriber.status, subscriber.language, subscriber.consent_at) == (
        "pending",
        "ar",
        None,
    )
    assert list(subscriber.topics.all()) == [topic]
    [message] = mail.outbox
    assert message.to == ["reader@example.org"]
    # In the subscriber's language, the name inside the sentence (not glued to a preposition).
    assert message.subject == "أكّدوا اشتراككم في نشرة مرصد الحقوق البريدية"
    html = message.alternatives[0][0]
    assert 'dir="rtl"' in html and 'lang="ar"' in html
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_confirmation_link_needs_a_click_then_records_consent_and_welcomes(
    client, tree, django_capture_on_commit_callbacks
):
    signup(client)
    path = confirm_link(mail.outbox[0])
    page = client.get(path)
    assert page.status_code == 200
    assert Subscriber.objects.get().status == "pending"  # a link scanner confirms nobody
    assert b'method="post"' in page.content
    with django_capture_on_commit_callbacks(execute=True):
        response = Client(enforce_csrf_checks=True).post(path)
    assert response.status_code == 200
    subscriber = Subscriber.objects.get()
    assert subscriber.status == "confirmed" and subscriber.consent_at is not None
    welcome = mail.outbox[-1]
    assert welcome.subject.startswith("Welcome")
    assert welcome.extra_headers["List-Unsubscribe"].startswith("<http")
    # Confirming again changes nothing and sends nothing.
    consent = subscriber.consent_at
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(path).status_code == 200
    assert Subscriber.objects.get().consent_at == consent
    assert len(mail.outbox) == 2


def test_expired_or_forged_confirmation_links_are_refused(client, tree, settings):
    signup(client)
    path = confirm_link(mail.outbox[0])
    settings.NEWSLETTER_CONFIRM_MAX_AGE = -1
    assert client.get(path).status_code == 410
    assert client.post(path).status_code == 410
    assert Subscriber.objects.get().status == "pending"
    settings.NEWSLETTER_CONFIRM_MAX_AGE = 3600
    assert client.post(path[:-3] + "xx/").status_code == 404
    # A token for another purpose does not confirm either.
    other = tokens.make(Subscriber.objects.get(), tokens.UNSUBSCRIBE)
    assert client.post(f"/en/newsletter/confirm/{other}/").status_code == 404


def snapshot():
    return [
        (s.email, s.language, s.frequency, s.status, s.consent_at, s.updated_at, s.key)
        for s in Subscriber.objects.order_by("pk")
    ] + [list(s.topics.values_list("pk", flat=True)) for s in Subscriber.objects.order_by("pk")]


@pytest.mark.parametrize("confirmed", [False, True])
def test_signing_up_again_changes_nothing_and_reveals_nothing(client, tree, confirmed):
    TopicFactory(name="Detention", slug="detention", locale=tree.en)
    make_subscriber("known@example.org", language="en", frequency="daily", confirmed=confirmed)
    before = snapshot()
    fresh = signup(client, email="new@example.org")
    again = signup(client, "ar", page="en", email="KNOWN@example.org", topics=["detention"])
    assert (again.status_code, again["Location"]) == (fresh.status_code, fresh["Location"])
    assert snapshot()[0] == before[0]  # the known address: same data, same topics
    # The known address gets a mail of its own (confirmation again, or a reminder)...
    assert [m.to for m in mail.outbox] == [["new@example.org"], ["known@example.org"]]
    reminder = mail.outbox[1]
    assert ("already" in reminder.subject) is confirmed
    # ... at most once per interval.
    signup(client, email="known@example.org")
    assert len(mail.outbox) == 2


def test_suppressed_address_gets_nothing(client, tree):
    make_subscriber("gone@example.org", status="suppressed")
    response = signup(client, email="gone@example.org")
    assert response.status_code == 302
    assert mail.outbox == []
    assert Subscriber.objects.get().status == "suppressed"


@pytest.mark.parametrize(
    "data, field",
    [
        ({"email": "not-an-address"}, "email"),
        ({"email": "reader@example.org\r\nBcc: victim@example.org"}, "email"),
        ({"email": "reader@example.org\n"}, "email"),
        ({"email": "a" * 250 + "@example.org"}, "email"),
        ({"language": "fr"}, "language"),
        ({"frequency": "hourly"}, "frequency"),
        ({"topics": ["no-such-topic"]}, "topics"),
        ({"frequency": "weekly\r\nX-Evil: 1"}, "frequency"),
    ],
)
def test_bad_input_is_a_form_error(client, tree, data, field):
    response = signup(client, **data)
    assert response.status_code == 400
    assert response.context["form"].errors[field]
    page = BeautifulSoup(response.content, "html.parser")
    assert page.select(".newsletter-form__error") or page.select(".notice--error")
    assert Subscriber.objects.count() == 0 and mail.outbox == []


def test_honeypot_pretends_and_does_nothing(client, tree):
    response = signup(client, website="http://spam.example")
    assert response.status_code == 302
    assert Subscriber.objects.count() == 0 and mail.outbox == []


def test_rate_limit_per_client_address(client, tree, settings):
    settings.NEWSLETTER_SIGNUP_RATE = (3, 3600)
    for number in range(3):
        assert signup(client, email=f"r{number}@example.org").status_code == 302
    blocked = signup(client, email="r9@example.org")
    assert blocked.status_code == 429
    assert Subscriber.objects.count() == 3
    other = Client(REMOTE_ADDR="192.0.2.7")
    assert signup(other, email="r9@example.org").status_code == 302


def test_signup_needs_no_csrf_token(tree):
    response = signup(Client(enforce_csrf_checks=True))
    assert response.status_code == 302
    assert Subscriber.objects.count() == 1


def test_tokens_are_signed_and_salted(tree):
    subscriber = make_subscriber("t@example.org")
    token = tokens.make(subscriber, tokens.PREFERENCES)
    assert tokens.find(token, tokens.PREFERENCES) == subscriber
    assert tokens.find(token, tokens.UNSUBSCRIBE) is None
    assert tokens.find(token + "x", tokens.PREFERENCES) is None
    assert subscriber.email not in token
    forged = signing.TimestampSigner(salt="other").sign(subscriber.key.hex)
    assert tokens.find(forged, tokens.PREFERENCES) is None
