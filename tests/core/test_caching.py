"""newsroom.core.caching: which responses nginx's micro-cache may keep (and for how long)."""

import time

import pytest
from django.http import FileResponse, HttpResponse
from django.test import RequestFactory, override_settings
from django.utils.http import parse_http_date

from newsroom.core.caching import MicroCacheMiddleware, is_shareable
from tests.factories import StatementPageFactory, publish

factory = RequestFactory()


def marked(response):
    return "Expires" in response and response.get("Cache-Control", "").startswith("public")


def run(request, response):
    return MicroCacheMiddleware(lambda _request: response)(request)


def test_a_plain_anonymous_page_is_shareable_until_the_end_of_this_second():
    before = int(time.time())
    response = run(factory.get("/en/"), HttpResponse("page"))
    assert response["Cache-Control"] == "public, stale-while-revalidate=1, stale-if-error=3600"
    expires = parse_http_date(response["Expires"])
    assert before <= expires <= int(time.time())


@pytest.mark.parametrize("status", [200, 301, 302, 404])
def test_shareable_statuses(status):
    assert is_shareable(factory.get("/en/"), HttpResponse(status=status))


@pytest.mark.parametrize("status", [204, 304, 400, 403, 410, 500, 503])
def test_other_statuses_are_not(status):
    assert not is_shareable(factory.get("/en/"), HttpResponse(status=status))


@pytest.mark.parametrize("method", ["post", "put", "delete", "options"])
def test_only_get_and_head(method):
    assert not is_shareable(getattr(factory, method)("/en/"), HttpResponse())
    assert is_shareable(factory.head("/en/"), HttpResponse())


@pytest.mark.parametrize(
    "cookie", ["sessionid=abc", "csrftoken=abc", "messages=abc", "theme=dark; sessionid=abc"]
)
def test_requests_with_a_personal_cookie_are_not(cookie):
    assert not is_shareable(factory.get("/en/", HTTP_COOKIE=cookie), HttpResponse())


def test_other_cookies_and_credentials():
    assert is_shareable(factory.get("/en/", HTTP_COOKIE="theme=dark"), HttpResponse())
    assert not is_shareable(factory.get("/en/", HTTP_AUTHORIZATION="Bearer x"), HttpResponse())


def test_responses_that_belong_to_one_reader_are_not():
    with_cookie = HttpResponse()
    with_cookie.set_cookie("csrftoken", "x")
    assert not is_shareable(factory.get("/en/"), with_cookie)
    for vary in ("Cookie", "Accept-Language, Cookie", "*"):
        response = HttpResponse()
        response["Vary"] = vary
        assert not is_shareable(factory.get("/en/"), response), vary
    response = HttpResponse()
    response["Vary"] = "Accept-Language"
    assert is_shareable(factory.get("/"), response)  # nginx keeps one copy per language


def test_views_that_decided_for_themselves_keep_their_word():
    for header, value in (
        ("Cache-Control", "max-age=0, no-cache, no-store, must-revalidate, private"),
        ("Cache-Control", "public, max-age=300"),
        ("Expires", "Thu, 01 Jan 1970 00:00:00 GMT"),
    ):
        response = HttpResponse()
        response[header] = value
        result = run(factory.get("/en/"), response)
        assert result[header] == value
        assert not is_shareable(factory.get("/en/"), response)


def test_files_are_not(tmp_path):
    path = tmp_path / "report.pdf"
    path.write_bytes(b"%PDF")
    assert not is_shareable(factory.get("/documents/1/report.pdf"), FileResponse(path.open("rb")))
    accel = HttpResponse()
    accel["X-Accel-Redirect"] = "/_protected/media/documents/report.pdf"
    assert not is_shareable(factory.get("/documents/1/report.pdf"), accel)
    attachment = HttpResponse()
    attachment["Content-Disposition"] = "attachment; filename=x.csv"
    assert not is_shareable(factory.get("/en/export/"), attachment)


@override_settings(NEWSROOM_MICRO_CACHE={"seconds": 0})
def test_it_can_be_switched_off():
    assert not marked(run(factory.get("/en/"), HttpResponse()))


@pytest.mark.django_db
def test_through_the_whole_middleware_stack(client, django_user_model, tree):
    page = publish(StatementPageFactory(parent=tree.statements_en, title="Cached"))
    assert marked(client.get(page.url))
    # The home pages carry the newsletter sign-up form: it must not set a CSRF cookie, or
    # every first-time reader of the busiest page would miss the cache.
    for home in (tree.home_en, tree.home_ar):
        response = client.get(home.url)
        assert b'class="newsletter-form"' in response.content
        assert marked(response), response.cookies
    # Every page has the short sign-up in its footer, and statements a second one after their
    # text: a statement and a section index in each language stay shareable too.
    statement_ar = publish(StatementPageFactory(parent=tree.statements_ar, title="مخزّن"))
    for url in (page.url, statement_ar.url, tree.statements_en.url, tree.statements_ar.url):
        response = client.get(url)
        forms = response.content.count(b'class="newsletter-short__form"')
        assert forms == (2 if url in (page.url, statement_ar.url) else 1), url
        assert marked(response), (url, response.cookies)
        assert not response.cookies and "Set-Cookie" not in response, url
        assert "cookie" not in response.get("Vary", "").lower(), url
    assert marked(client.get("/en/no-such-page/"))  # 404s too: a flood of them stays cheap
    assert marked(client.get("/", headers={"accept-language": "ar"}))
    assert not marked(client.get("/healthz"))  # never_cache
    assert not marked(client.get("/admin/login/"))  # sets the CSRF cookie, never_cache
    assert not marked(client.post("/en/search/"))

    user = django_user_model.objects.create_user("reader", password="x")
    client.force_login(user)
    assert not marked(client.get(page.url))
