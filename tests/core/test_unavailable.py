"""The "we'll be right back" page: Django's 503 for a database outage, nginx's static copy."""

import re

import pytest
from django.core.management import call_command
from django.db import OperationalError
from django.db.utils import ConnectionHandler
from django.test import RequestFactory

from newsroom.core.unavailable import RETRY_AFTER, server_error

factory = RequestFactory()


def section_languages(html):
    """(lang, dir) of each language block, in page order."""
    return re.findall(r'<section class="unavailable__notice" lang="(\w+)" dir="(\w+)"', html)


def html_language(html):
    return re.search(r'<html lang="(\w+)" dir="(\w+)">', html).groups()


def unreachable_database(tmp_path):
    """A real connection to a database that cannot be opened (its directory is missing)."""
    missing = tmp_path / "missing" / "newsroom.sqlite3"
    handler = ConnectionHandler(
        {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": str(missing)}}
    )
    return handler["default"]


@pytest.mark.django_db  # lets the test open connections, to a database that is not there
@pytest.mark.parametrize(
    ("path", "first", "second"),
    [("/ar/statements/", ("ar", "rtl"), ("en", "ltr")), ("/en/", ("en", "ltr"), ("ar", "rtl"))],
)
def test_a_database_outage_is_a_503_in_both_languages(tmp_path, path, first, second):
    connection = unreachable_database(tmp_path)
    try:
        connection.cursor()
    except OperationalError:
        response = server_error(factory.get(path))
    finally:
        connection.close()

    assert response.status_code == 503
    assert response["Retry-After"] == str(RETRY_AFTER)
    html = response.content.decode()
    assert html_language(html) == first
    assert section_languages(html) == [first, second]
    assert "We’ll be right back" in html
    assert "سنعود بعد قليل" in html
    assert 'rel="stylesheet" href="/static/css/newsroom' in html
    assert "Traceback" not in html and "OperationalError" not in html


@pytest.mark.django_db
def test_an_error_raised_because_the_database_is_gone_is_an_outage_too(tmp_path):
    connection = unreachable_database(tmp_path)
    try:
        try:
            connection.cursor()
        except OperationalError as exc:
            raise RuntimeError("feed could not be built") from exc
    except RuntimeError:
        response = server_error(factory.get("/ar/feeds/all.rss"))
    finally:
        connection.close()
    assert response.status_code == 503
    assert html_language(response.content.decode()) == ("ar", "rtl")


def test_any_other_error_is_the_designed_500(tmp_path):
    try:
        raise ValueError("a bug, not an outage")
    except ValueError:
        response = server_error(factory.get("/en/"))
    assert response.status_code == 500
    assert "Retry-After" not in response
    html = response.content.decode()
    assert "Something went wrong" in html
    assert "a bug, not an outage" not in html


@pytest.mark.django_db
def test_write_error_pages_writes_one_static_page_per_language(tmp_path):
    call_command("write_error_pages", to=str(tmp_path))
    english = (tmp_path / "unavailable.en.html").read_text(encoding="utf-8")
    arabic = (tmp_path / "unavailable.ar.html").read_text(encoding="utf-8")
    assert html_language(english) == ("en", "ltr")
    assert html_language(arabic) == ("ar", "rtl")
    assert section_languages(english) == [("en", "ltr"), ("ar", "rtl")]
    assert section_languages(arabic) == [("ar", "rtl"), ("en", "ltr")]
    assert "<title>سنعود بعد قليل" in arabic
