"""The micro-cache through the real stack: site/serve.sh (nginx + gunicorn, production settings)
against this run's test database, with a few pages published by the test itself."""

import time

import pytest
from django.core.files.base import ContentFile
from wagtail.models import PageViewRestriction

from newsroom.core.models import NewsroomDocument
from tests.factories import StatementPageFactory, build_bilingual_tree, publish
from tests.support.database import database_url_for_subprocess
from tests.support.http import cache_status, fetch, post, read_until, read_until_cached
from tests.support.serve_stack import serve_stack

pytestmark = pytest.mark.alone

FRESHNESS_LIMIT = 2.0  # seconds from a publish to every reader seeing it (the promise)


@pytest.fixture
def site(transactional_db, tmp_path, settings):
    tree = build_bilingual_tree()
    statement = publish(
        StatementPageFactory(
            parent=tree.statements_en, title="Original headline", slug="cache-test"
        )
    )
    with serve_stack(
        tmp_path,
        DATABASE_URL=database_url_for_subprocess(),
        MEDIA_ROOT=settings.MEDIA_ROOT,
        NEWSROOM_FEEDS_ROOT=settings.FEEDS_ROOT,
    ) as stack:
        stack["tree"] = tree
        stack["statement"] = statement
        yield stack


def test_anonymous_pages_come_from_the_cache_and_cookies_bypass_it(site):
    base = site["base"]
    page = base + site["statement"].url

    status, headers, body = read_until_cached(page)[-1]
    assert b"Original headline" in body
    # What Django told nginx (newsroom.core.caching): shareable until the end of this second.
    assert headers["Cache-Control"] == "public, stale-while-revalidate=1, stale-if-error=3600"
    assert "Expires" in headers
    assert "Set-Cookie" not in headers
    # The security headers are part of the cached response.
    csp = headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "camera=()" in headers["Permissions-Policy"]
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    # With the newsletter sign-up in every footer (and after each statement), statements and
    # section pages of both languages are cached all the same: no cookie, no Vary: Cookie.
    tree = site["tree"]
    for url in (page, base + tree.statements_en.url, base + tree.statements_ar.url):
        _status, headers, body = read_until_cached(url)[-1]
        assert b'class="newsletter-short__form"' in body, url
        assert "Set-Cookie" not in headers, url
        assert "cookie" not in headers.get("Vary", "").lower(), url
    # What the footer's form posts (no CSRF token, no cookie) is answered by Django, not the
    # cache: the double opt-in starts and the reader is sent to "check your inbox".
    status, headers, _body = post(
        base + "/ar/newsletter/",
        {"email": "reader@example.org", "language": "ar", "frequency": "weekly", "website": ""},
    )
    assert (status, headers["Location"]) == (302, "/ar/newsletter/check-your-email/")
    assert cache_status(headers) is None
    # HEAD is answered from the same entry.
    assert fetch(page, method="HEAD")[0] == 200

    # A session, a CSRF token, flash messages or credentials: Django's own answer every time.
    for extra in (
        {"Cookie": "sessionid=abc"},
        {"Cookie": "theme=dark; csrftoken=abc"},
        {"Cookie": "messages=abc"},
        {"Authorization": "Bearer abc"},
    ):
        status, headers, _body = fetch(page, extra)
        assert (status, cache_status(headers)) == (200, "BYPASS"), extra
    # Other cookies (analytics, say) do not change the page.
    assert cache_status(fetch(page, {"Cookie": "theme=dark"})[1]) in {"HIT", "UPDATING", "EXPIRED"}

    # The admin is never cached: its login page sets a CSRF cookie on every first visit.
    for _ in range(2):
        status, headers, _body = fetch(base + "/admin/login/")
        assert status == 200
        assert cache_status(headers) is None
        assert "csrftoken=" in headers["Set-Cookie"]
        assert "private" in headers["Cache-Control"]
        assert "Content-Security-Policy" not in headers  # README: the admin needs inline code

    # A public page that sets a cookie (a password form carries a CSRF token) is never stored.
    restricted = publish(
        StatementPageFactory(parent=site["tree"].statements_en, title="Locked", slug="locked")
    )
    PageViewRestriction.objects.create(
        page=restricted, restriction_type=PageViewRestriction.PASSWORD, password="s3cret"
    )
    for _ in range(3):
        status, headers, _body = fetch(base + restricted.url)
        assert status == 200
        assert "csrftoken=" in headers["Set-Cookie"]
        assert cache_status(headers) == "MISS"

    # gzip for readers who accept it (brotli too when nginx has the module).
    status, headers, _body = fetch(page, {"Accept-Encoding": "gzip"})
    assert headers["Content-Encoding"] == "gzip"
    if (site["var"] / "nginx" / "conf.d" / "brotli.conf").exists():
        assert fetch(page, {"Accept-Encoding": "br"})[1]["Content-Encoding"] == "br"


def test_conditional_requests_reach_the_api(site):
    url = site["base"] + "/api/v1/openapi.json"
    status, headers, _body = fetch(url)
    assert status == 200
    assert cache_status(headers) is None  # not cached by nginx
    status, headers, body = fetch(url, {"If-None-Match": headers["ETag"]})
    assert (status, body) == (304, b"")


def test_feeds_are_sent_by_nginx_and_fresh_after_a_publish(site):
    feed = site["base"] + "/en/feeds/all.rss"
    status, headers, body = fetch(feed)
    assert status == 200 and b"Original headline" in body
    # Sent from the artefact on disk (tests/feeds/test_feeds_nginx.py), not through Django.
    status, headers, body = fetch(feed)
    assert cache_status(headers) is None
    # Readers get the feed's own caching headers, not nginx's instruction to itself.
    assert headers["Cache-Control"].startswith("public, max-age=")
    assert "X-Accel-Expires" not in headers
    # nginx answers a conditional GET from the file's ETag and Last-Modified.
    status, headers, body = fetch(feed, {"If-None-Match": headers["ETag"]})
    assert (status, body) == (304, b"")

    statement = site["statement"]
    statement.title = "Corrected headline"
    started = time.monotonic()
    publish(statement)  # eager Celery: the feeds are rebuilt when the publish commits
    seen = read_until(feed, lambda s, h, b: b"Corrected headline" in b, timeout=10)
    delay = time.monotonic() - started
    assert b"Corrected headline" in seen[-1][2]
    assert delay <= FRESHNESS_LIMIT, f"the rebuilt feed took {delay:.2f} s"


def test_documents_are_checked_by_django_and_sent_by_nginx(site):
    base = site["base"]
    pdf = NewsroomDocument(title="Report")
    pdf.file.save("cache-report.pdf", ContentFile(b"%PDF-1.4 newsroom test\n"), save=True)
    page = NewsroomDocument(title="Upload")
    page.file.save("cache-upload.html", ContentFile(b"<script>alert(1)</script>"), save=True)

    status, headers, body = fetch(base + pdf.url)
    assert status == 200
    assert body == b"%PDF-1.4 newsroom test\n"
    assert headers["Content-Type"] == "application/pdf"
    assert headers["Content-Disposition"].startswith("inline")
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Content-Security-Policy"] == "default-src 'none'"
    assert cache_status(headers) is None
    assert "public" not in headers.get("Cache-Control", "")

    status, headers, body = fetch(base + page.url)
    assert status == 200
    assert body == b"<script>alert(1)</script>"
    assert headers["Content-Disposition"].startswith("attachment")
    assert 'filename="cache-upload' in headers["Content-Disposition"]
    assert headers["X-Content-Type-Options"] == "nosniff"

    # The files themselves are not reachable: not as media, not through the internal location.
    assert fetch(f"{base}/media/{pdf.file.name}")[0] == 404
    assert fetch(f"{base}/_protected/media/{pdf.file.name}")[0] == 404


def test_publish_and_unpublish_show_within_two_seconds(site):
    base = site["base"]
    statement = site["statement"]
    page_url = base + statement.url
    home_url = base + site["tree"].home_en.url

    # Readers keep the page and the home page hot in the cache.
    for url in (page_url, home_url):
        read_until_cached(url)

    statement.title = "Corrected headline"
    started = time.monotonic()
    publish(statement)
    seen = read_until(page_url, lambda s, h, b: b"Corrected headline" in b, timeout=10)
    delay = time.monotonic() - started
    assert b"Corrected headline" in seen[-1][2]
    assert delay <= FRESHNESS_LIMIT, f"the new title took {delay:.2f} s"
    # The old version was being served from the cache until then.
    assert {cache_status(h) for _s, h, b in seen[:-1]} <= {"HIT", "UPDATING", "EXPIRED", "MISS"}

    # A new statement reaches the listing on the home page as fast.
    started = time.monotonic()
    publish(StatementPageFactory(parent=site["tree"].statements_en, title="Breaking statement"))
    read_until(home_url, lambda s, h, b: b"Breaking statement" in b, timeout=10)
    delay = time.monotonic() - started
    assert delay <= FRESHNESS_LIMIT, f"the home page took {delay:.2f} s"

    # Unpublishing takes the page down just as fast.
    read_until_cached(page_url)
    started = time.monotonic()
    statement.unpublish()
    seen = read_until(page_url, lambda s, h, b: s == 404, timeout=10)
    delay = time.monotonic() - started
    assert seen[-1][0] == 404
    assert delay <= FRESHNESS_LIMIT, f"the unpublished page stayed for {delay:.2f} s"
