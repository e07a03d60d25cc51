"""Property-based (Hypothesis): random and hostile values in every public form and query
parameter, in both languages, never make a 5xx, and never leave half a record behind.

Bounded for the suite: a few dozen examples per target, no deadline (a request's time depends
on the machine). Runs on whichever database the suite uses: SQLite by default, PostgreSQL in
CI (where NUL bytes are an error rather than a character).
"""

import pytest
from django.core.cache import cache
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from wagtail.models import PageViewRestriction

from newsletter import tokens
from newsletter.models import Frequency, Subscriber
from newsroom.core.sanitise import has_controls
from newsroom.registrations.models import Registration
from tests.factories import StatementPageFactory, TopicFactory, make_subscriber, publish
from tests.support.registrations import make_event

pytestmark = pytest.mark.django_db

EXAMPLES = settings(
    max_examples=30,
    deadline=None,
    database=None,  # no .hypothesis/ directory in the checkout
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

HOSTILE = [
    "",
    " ",
    '"',
    "'",
    "\\",
    "\x00",
    "a\x00b",
    "\x0b",
    "\r\n",
    "\u2028",
    "\u202e",
    "\u2066evil\u2069",
    "\ufeff",
    "%00",
    "../../etc/passwd",
    "<script>alert(1)</script>",
    "=HYPERLINK(1)",
    "NEAR(a b)",
    "a OR b",
    "*",
    "-1",
    "0",
    "1e309",
    "99999999999999999999999",
    "x" * 5000,
    "أإآٱ" * 50,
    '"a\x0bb"@example.org',
    "a@b",
    "@example.org",
    "a@example.org\r\nBcc: b@example.org",
]
# Any text a browser can send (UTF-8: no lone surrogates), short or long, or a known attack.
TEXT = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(st.characters(blacklist_categories=("Cs",)), max_size=300),
)
VALUES = st.one_of(TEXT, st.lists(TEXT, max_size=3))
LANGUAGE = st.sampled_from(["en", "ar"])


def form_data(fields, draw_values):
    return {name: value for name, value in zip(fields, draw_values, strict=True)}


@pytest.fixture(autouse=True)
def no_rate_limits(settings):
    """Every example counts against the same address: lift the limits, not the checks."""
    settings.NEWSLETTER_SIGNUP_RATE = (0, 3600)
    settings.REGISTRATION_SIGNUP_RATE = (0, 3600)
    settings.NEWSROOM_API_RATE_LIMIT = 0
    settings.NEWSROOM_PAGE_PASSWORD_RATE = (0, 900)
    cache.clear()


@pytest.fixture
def site(tree):
    TopicFactory(name="Detention", slug="detention", locale=tree.en)
    publish(StatementPageFactory(parent=tree.statements_en, title="A statement", locale=tree.en))
    return tree


def assert_no_server_error(response):
    assert response.status_code < 500, response.content[:500]


def assert_clean_subscribers():
    for subscriber in Subscriber.objects.all():
        assert not has_controls(subscriber.email)
        assert subscriber.language in ("en", "ar")
        assert subscriber.frequency in Frequency.values


NEWSLETTER_FIELDS = ["email", "language", "topics", "frequency", "website"]


@EXAMPLES
@given(language=LANGUAGE, values=st.tuples(*[VALUES] * len(NEWSLETTER_FIELDS)))
def test_newsletter_sign_up(client, site, language, values):
    data = form_data(NEWSLETTER_FIELDS, values)
    before = set(Subscriber.objects.values_list("pk", flat=True))
    response = client.post(f"/{language}/newsletter/", data)
    assert_no_server_error(response)
    new = Subscriber.objects.exclude(pk__in=before)
    if response.status_code != 302:
        assert not new.exists()  # refused: nothing stored
    for subscriber in new:
        # Stored whole: a valid address, language and frequency, its topics as asked.
        assert subscriber.status == Subscriber.Status.PENDING
        asked = data["topics"] if isinstance(data["topics"], list) else [data["topics"]]
        assert set(subscriber.topics.values_list("slug", flat=True)) <= set(asked)
    assert_clean_subscribers()


PREFERENCE_FIELDS = ["language", "topics", "frequency", "action"]


@EXAMPLES
@given(language=LANGUAGE, values=st.tuples(*[VALUES] * len(PREFERENCE_FIELDS)))
def test_newsletter_preferences(client, site, language, values):
    subscriber = Subscriber.objects.filter(email="reader@example.org").first()
    subscriber = subscriber or make_subscriber("reader@example.org")
    before = (subscriber.language, subscriber.frequency, set(subscriber.topics.all()))
    token = tokens.make(subscriber, tokens.PREFERENCES)
    data = form_data(PREFERENCE_FIELDS, values)
    response = client.post(f"/{language}/newsletter/preferences/{token}/", data)
    assert_no_server_error(response)
    subscriber.refresh_from_db()
    after = (subscriber.language, subscriber.frequency, set(subscriber.topics.all()))
    if response.status_code == 400:
        assert after == before  # refused: nothing changed
    assert_clean_subscribers()


@pytest.fixture
def event(site):
    english, arabic = make_event(site, capacity=None)
    return {"en": english, "ar": arabic}


@EXAMPLES
@given(language=LANGUAGE, values=st.tuples(*[VALUES] * 10))
def test_registration_sign_up(client, event, language, values):
    page = event[language]
    questions = [f"q_{q.translation_key.hex}" for q in page.registration_questions.all()]
    fields = ["name", "email", "organisation", "language", "invite", "website", *questions]
    data = form_data(fields, values[: len(fields)])
    before = set(Registration.objects.values_list("pk", flat=True))
    response = client.post(f"/{language}/registrations/{page.pk}/", data)
    assert_no_server_error(response)
    new = Registration.objects.exclude(pk__in=before)
    if response.status_code != 302:
        assert not new.exists()
    for registration in Registration.objects.all():
        assert registration.name and not has_controls(registration.name)
        assert not has_controls(registration.organisation)
        assert not has_controls(registration.email)
        for answer in registration.answers.values():
            assert not isinstance(answer, str) or not has_controls(answer, multiline=True)


@pytest.fixture
def protected(site):
    page = publish(
        StatementPageFactory(parent=site.statements_en, title="Embargoed", locale=site.en)
    )
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="open sesame"
    )
    return page, restriction


@EXAMPLES
@given(language=LANGUAGE, password=VALUES, return_url=VALUES)
def test_page_password(client, protected, language, password, return_url):
    page, restriction = protected
    response = client.post(
        f"/{language}/_util/authenticate_with_password/{restriction.pk}/{page.pk}/",
        {"password": password, "return_url": return_url},
    )
    assert_no_server_error(response)
    assert response.status_code in (200, 302)


@EXAMPLES
@given(language=LANGUAGE, q=VALUES, page=VALUES)
def test_search(client, site, language, q, page):
    response = client.get(f"/{language}/search/", {"q": q, "page": page})
    assert_no_server_error(response)


@EXAMPLES
@given(language=LANGUAGE, topic=VALUES, year=VALUES, page=VALUES)
def test_listing_filters(client, site, language, topic, year, page):
    response = client.get(f"/{language}/statements/", {"topic": topic, "year": year, "page": page})
    assert_no_server_error(response)


API_PARAMETERS = [
    "q",
    "locale",
    "type",
    "section",
    "topic",
    "published_after",
    "published_before",
    "ordering",
    "page",
    "limit",
    "path",
    "anything",
]


@EXAMPLES
@given(
    parameters=st.dictionaries(st.sampled_from(API_PARAMETERS), VALUES, max_size=4),
    path=st.sampled_from(
        ["/api/v1/pages", "/api/v1/events", "/api/v1/topics", "/api/v1/pages/lookup"]
    ),
)
def test_api_list_parameters(client, site, parameters, path):
    response = client.get(path, parameters)
    assert_no_server_error(response)
    assert response["Content-Type"].startswith("application/json")
    response.json()
