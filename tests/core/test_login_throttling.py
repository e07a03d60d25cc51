"""Admin login throttling (django-axes): 5 failures lock one username from one address."""

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import authenticate
from django.test import override_settings

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/"
PASSWORD = "correct horse battery staple"


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_superuser("editor", "editor@example.org", PASSWORD)


@pytest.fixture
def axes_on():
    """The test settings switch django-axes off (client.login has no request); not here."""
    with override_settings(AXES_ENABLED=True):
        yield


def attempt(client, password, address="203.0.113.7", username="editor"):
    return client.post(
        LOGIN,
        {"username": username, "password": password},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR=address,  # as nginx passes it (newsroom.core.security.client_ip)
    )


def test_axes_is_wired_in():
    assert settings.AUTHENTICATION_BACKENDS[0] == "axes.backends.AxesStandaloneBackend"
    assert settings.MIDDLEWARE[-1] == "axes.middleware.AxesMiddleware"
    assert settings.AXES_FAILURE_LIMIT == 5
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]


def test_five_failures_lock_the_account_from_that_address(client, editor, axes_on):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert attempt(client, "wrong").status_code == 200  # the form again, with an error
    response = attempt(client, "wrong")
    assert response.status_code == 429
    # Locked: even the right password is refused now, and nobody is logged in.
    response = attempt(client, PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert AccessAttempt.objects.get(username="editor").ip_address == "203.0.113.7"

    # The same editor from another address is not locked out.
    other = client.__class__()
    response = attempt(other, PASSWORD, address="198.51.100.20")
    assert response.status_code == 302
    assert "_auth_user_id" in other.session


def test_a_success_resets_the_count(client, editor, axes_on):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        attempt(client, "wrong")
    assert attempt(client, PASSWORD).status_code == 302
    client.logout()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert attempt(client, "wrong").status_code == 200
    assert attempt(client, PASSWORD).status_code == 302


def test_logins_without_a_request_work_while_axes_is_off(client, editor):
    # What the rest of the suite relies on (client.login, authenticate() in the demo tests).
    assert authenticate(username="editor", password=PASSWORD) == editor
    assert client.login(username="editor", password=PASSWORD)
