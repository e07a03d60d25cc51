"""Sign-up, double opt-in, re-sign-up, bad input, honeypot and rate limits (in-process)."""

import re

import pytest
from bs4 import BeautifulSoup
from django.core import mail, signing
from django.core.cache import cache
from django.test import Client

from newsletter import tokens
from newsletter.models import Subscriber
from tests.factories import (
    StatementPageFactory,
    TopicFactory,
    make_subscriber,
    organisation_profile,
    publish,
)
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


def test_a_new_or_renamed_topic_shows_in_the_form_at_once(tree, client):
    """The form's topics are kept in the fragment cache; saving a topic moves its version."""

    def offered():
        page = BeautifulSoup(client.get("/en/").content, "html.parser")
        form = page.select_one("form.newsletter-form")
        return [
            label.get_text(strip=True) for label in form.select('label:has(input[name="topics"])')
        ]

    topic = TopicFactory(name="Detention", slug="detention", locale=tree.en)
    assert offered() == ["Detention"]
    TopicFactory(name="Asylum", slug="asylum", locale=tree.en)
    assert offered() == ["Asylum", "Detention"]
    topic.name = "Arbitrary detention"
    topic.save()
    assert offered() == ["Arbitrary detention", "Asylum"]


def short_forms(page):
    """{place: (form, the fields it sends as a reader's browser would)} of the short sign-ups."""
    found = {}
    for section in page.select("section.newsletter-short"):
        place = section["class"][1].removeprefix("newsletter-short--")
        form = section.select_one("form")
        fields = {field["name"]: field.get("value", "") for field in form.select("input")}
        for select in form.select("select"):
            fields[select["name"]] = select.select_one("option[selected]")["value"]
        found[place] = (form, fields)
    return found


@pytest.mark.parametrize("language", ["en", "ar"])
def test_every_page_but_home_has_the_short_sign_up_and_a_statement_has_it_twice(
    tree, client, language
):
    statement = publish(
        StatementPageFactory(parent=getattr(tree, f"statements_{language}"), title="On detention")
    )
    home = BeautifulSoup(client.get(f"/{language}/").content, "html.parser")
    section = BeautifulSoup(
        client.get(getattr(tree, f"statements_{language}").url).content, "html.parser"
    )
    page = BeautifulSoup(client.get(statement.url).content, "html.parser")
    # The home page has the full form; a second, short one in its footer would repeat it.
    assert set(short_forms(home)) == set()
    assert home.select("form.newsletter-signup, #newsletter form, form[action$='/newsletter/']")
    assert set(short_forms(section)) == {"footer"}
    forms = short_forms(page)
    assert set(forms) == {"footer", "statement"}
    assert page.select_one("footer.site-footer section.newsletter-short--footer")
    # The box follows the statement's text, inside the article.
    assert page.select_one(".article__main .prose ~ section.newsletter-short--statement")
    for form, fields in forms.values():
        assert form["action"] == f"/{language}/newsletter/"
        assert fields == {"language": language, "email": "", "frequency": "weekly", "website": ""}
        # Every field has its label (ids differ between the two forms and the home page's).
        for field in form.select("input:not([type=hidden]), select"):
            assert page.select_one(f'label[for="{field["id"]}"]'), field
    for document in (home, page):
        ids = [element["id"] for element in document.select("[id]")]
        assert len(ids) == len(set(ids))
    assert page.html["lang"] == language
    label = page.select_one('label[for="statement-newsletter-email"]').get_text(strip=True)
    assert label == ("عنوان البريد الإلكتروني" if language == "ar" else "Email address")


@pytest.mark.parametrize("place", ["footer", "statement"])
def test_the_short_sign_up_starts_the_double_opt_in(tree, client, place):
    statement = publish(StatementPageFactory(parent=tree.statements_ar, title="عن الاحتجاز"))
    page = BeautifulSoup(client.get(statement.url).content, "html.parser")
    form, fields = short_forms(page)[place]
    fields["email"] = "Reader@Example.org"
    with committed():
        response = client.post(form["action"], fields)
    assert response.status_code == 302
    assert response["Location"] == "/ar/newsletter/check-your-email/"
    subscriber = Subscriber.objects.get()
    assert (subscriber.status, subscriber.language, subscriber.frequency) == (
        "pending",
        "ar",
        "weekly",
    )
    [message] = mail.outbox
    assert message.to == ["reader@example.org"]
    assert "/ar/newsletter/confirm/" in message.body


@pytest.mark.parametrize("email", ["", "not-an-address", "reader@example.org\nBcc: x@y.z"])
def test_a_bad_short_sign_up_shows_the_full_form_with_the_error(tree, client, email):
    statement = publish(StatementPageFactory(parent=tree.statements_en, title="On detention"))
    form, fields = short_forms(BeautifulSoup(client.get(statement.url).content, "html.parser"))[
        "footer"
    ]
    fields["email"] = email
    with committed():
        response = client.post(form["action"], fields)
    assert response.status_code == 400
    page = BeautifulSoup(response.content, "html.parser")
    full = page.select_one("form.newsletter-form")
    assert full.select_one("#newsletter-email")["aria-invalid"] == "true"
    assert full.select_one("#newsletter-email-error").get_text(strip=True)
    assert full.select_one('input[name="frequency"][value="weekly"]').has_attr("checked")
    # The footer's short form stays empty: it never shows what someone posted.
    footer_email = page.select_one("#footer-newsletter-email")
    assert footer_email is not None and not footer_email.get("value")
    assert Subscriber.objects.count() == 0 and mail.outbox == []


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
