"""Client addresses behind trusted proxies, and every rate limit: the limits count the real
client (not the proxy, not what a client claims), and every 429 says when to come back
(``Retry-After``): API, newsletter and registration sign-ups, admin login (django-axes) and
the password form of protected pages."""

import pytest
from django.core.cache import cache
from django.test import Client, RequestFactory, override_settings
from wagtail.models import PageViewRestriction

from newsroom.core.security import client_ip
from tests.factories import StatementPageFactory, publish
from tests.support.registrations import make_event, sign_up_data

pytestmark = pytest.mark.django_db

CDN = "198.51.100.0/24"


def address(remote, forwarded=None):
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return client_ip(RequestFactory().get("/", **meta))


@pytest.fixture(autouse=True)
def fresh_limits():
    cache.clear()
    yield
    cache.clear()


def test_the_client_address_is_believed_only_from_trusted_proxies(settings):
    settings.NEWSROOM_TRUSTED_PROXIES = ["127.0.0.0/8", "::1"]
    # A client talking to the app directly cannot claim another address.
    assert address("203.0.113.5", "192.0.2.1") == "203.0.113.5"
    # nginx (loopback) appended the peer it saw; what the client wrote before it is ignored.
    assert address("127.0.0.1", "192.0.2.1, 203.0.113.5") == "203.0.113.5"
    assert address("::1", "2001:db8::7") == "2001:db8::7"
    # gunicorn's unix socket has no peer address: only nginx can reach it.
    assert address("", "203.0.113.5") == "203.0.113.5"
    assert address("127.0.0.1") == "127.0.0.1"
    # A CDN in front of nginx is not trusted until configured: its address is the client's.
    assert address("127.0.0.1", "192.0.2.1, 203.0.113.5, 198.51.100.9") == "198.51.100.9"
    settings.NEWSROOM_TRUSTED_PROXIES = ["127.0.0.0/8", "::1", CDN]
    assert address("127.0.0.1", "192.0.2.1, 203.0.113.5, 198.51.100.9") == "203.0.113.5"
    # Garbage where a trusted proxy would have written an address is not believed.
    assert address("127.0.0.1", "not-an-address") == "127.0.0.1"


def api_get(client, forwarded):
    return client.get("/api/v1/locales", HTTP_X_FORWARDED_FOR=forwarded)


def test_api_limit_counts_the_client_behind_the_proxies(client, tree, settings):
    settings.NEWSROOM_API_RATE_LIMIT = 2
    settings.NEWSROOM_TRUSTED_PROXIES = ["127.0.0.0/8", CDN]
    # The same client through two CDN nodes, each time claiming a different address.
    first = api_get(client, "10.9.9.1, 203.0.113.5, 198.51.100.1")
    second = api_get(client, "10.9.9.2, 203.0.113.5, 198.51.100.2")
    third = api_get(client, "10.9.9.3, 203.0.113.5, 198.51.100.3")
    assert [first.status_code, second.status_code, third.status_code] == [200, 200, 429]
    assert int(third["Retry-After"]) >= 1
    # Another client through the same CDN node has its own allowance.
    assert api_get(client, "203.0.113.6, 198.51.100.1").status_code == 200


def test_newsletter_sign_up_limit_says_when_to_retry(client, tree, settings):
    settings.NEWSLETTER_SIGNUP_RATE = (1, 3600)
    data = {"email": "a@example.org", "language": "en", "frequency": "weekly"}
    client.post("/en/newsletter/", data, HTTP_X_FORWARDED_FOR="203.0.113.5")
    response = client.post("/en/newsletter/", data, HTTP_X_FORWARDED_FOR="203.0.113.5")
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 3600
    assert "Too many sign-ups" in response.content.decode()
    other = client.post("/en/newsletter/", data, HTTP_X_FORWARDED_FOR="203.0.113.6")
    assert other.status_code == 302


def test_registration_sign_up_limit_says_when_to_retry(client, tree, settings):
    settings.REGISTRATION_SIGNUP_RATE = (1, 3600)
    english, _arabic = make_event(tree, translate=False)
    url = f"/en/registrations/{english.pk}/"
    client.post(url, sign_up_data(english, "a@example.org"), HTTP_X_FORWARDED_FOR="203.0.113.5")
    response = client.post(
        url, sign_up_data(english, "b@example.org"), HTTP_X_FORWARDED_FOR="203.0.113.5"
    )
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 3600


@override_settings(AXES_ENABLED=True)
def test_admin_login_lockout_says_when_to_retry(client, django_user_model, settings):
    django_user_model.objects.create_superuser("editor", "editor@example.org", "right-password")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = client.post(
            "/admin/login/",
            {"username": "editor", "password": "wrong"},
            HTTP_X_FORWARDED_FOR="203.0.113.5",
        )
    assert response.status_code == 429
    assert int(response["Retry-After"]) == int(settings.AXES_COOLOFF_TIME.total_seconds())
    # Locked per client address behind nginx, not for nginx as a whole.
    other = Client().post(
        "/admin/login/",
        {"username": "editor", "password": "right-password"},
        HTTP_X_FORWARDED_FOR="203.0.113.6",
    )
    assert other.status_code == 302


@pytest.fixture
def protected(tree):
    page = publish(
        StatementPageFactory(parent=tree.statements_en, title="Embargoed", locale=tree.en)
    )
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="open sesame"
    )
    return page, restriction


def guess(client, page, restriction, password, forwarded="203.0.113.5", language="en"):
    return client.post(
        f"/{language}/_util/authenticate_with_password/{restriction.pk}/{page.pk}/",
        {"password": password, "return_url": page.url},
        HTTP_X_FORWARDED_FOR=forwarded,
    )


def test_page_password_guesses_are_throttled_like_the_admin_login(client, protected, settings):
    page, restriction = protected
    limit, period = settings.NEWSROOM_PAGE_PASSWORD_RATE
    assert (limit, period) == (
        settings.AXES_FAILURE_LIMIT,
        int(settings.AXES_COOLOFF_TIME.total_seconds()),
    )
    for _ in range(limit):
        assert guess(client, page, restriction, "wrong").status_code == 200
    refused = guess(client, page, restriction, "open sesame")
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= period
    assert "Too many wrong passwords" in refused.content.decode()
    assert client.get(page.url).status_code == 200  # still the password form
    assert "Embargoed" not in client.get(page.url).content.decode()

    # Arabic readers are told in Arabic.
    refused = guess(client, page, restriction, "wrong", language="ar")
    assert refused.status_code == 429 and "Too many" not in refused.content.decode()

    # Another reader is not locked out, and the right password still opens the page.
    other = Client()
    response = guess(other, page, restriction, "open sesame", forwarded="203.0.113.6")
    assert response.status_code == 302
    assert "Embargoed" in other.get(page.url).content.decode()
