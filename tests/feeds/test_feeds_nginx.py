"""Feeds and calendars sent by nginx from FEEDS_ROOT (site/nginx/newsroom.conf.template), with
Django's headers and 304s, Django only for what is not on disk: through `make serve`'s stack
(site/serve.sh) against this run's test database and feed store."""

import grp
import os
import pwd
import re
import subprocess
import time

import pytest
from django.conf import settings
from django.test import Client

from newsroom.core.sections import keys as section_keys
from newsroom.feeds.building import rebuild
from tests.factories import build_bilingual_tree, publish
from tests.feeds.conftest import build_content
from tests.support.database import database_url_for_subprocess
from tests.support.http import cache_status, fetch, read_until
from tests.support.nginx import nginx_arguments, render, require_nginx
from tests.support.paths import SITE
from tests.support.serve_stack import serve_stack
from tests.support.services import free_port

pytestmark = pytest.mark.alone

TEMPLATE = SITE / "nginx" / "newsroom.conf.template"
FRESHNESS_LIMIT = 2.0  # seconds from a publish to readers seeing the rebuilt feed
# Headers nginx must send exactly as Django does for the same artefact.
SAME_HEADERS = (
    "Content-Type",
    "ETag",
    "Last-Modified",
    "Cache-Control",
    "Content-Language",
    "Content-Disposition",
    "X-Content-Type-Options",
    "X-Frame-Options",
    "Referrer-Policy",
    "Cross-Origin-Opener-Policy",
    "Permissions-Policy",
)


@pytest.fixture
def site(transactional_db, tmp_path, feeds_root):
    content = build_content(build_bilingual_tree())
    rebuild({"*"})
    (tmp_path / "stack").mkdir()
    with serve_stack(
        tmp_path / "stack",
        DATABASE_URL=database_url_for_subprocess(),
        MEDIA_ROOT=settings.MEDIA_ROOT,
        NEWSROOM_FEEDS_ROOT=feeds_root,
    ) as stack:
        stack["content"] = content
        yield stack


def feed_paths(content):
    return [
        "/en/feeds/all.rss",
        "/ar/feeds/statements.atom",
        "/ar/feeds/all.json",
        "/en/feeds/topics/detention.rss",
        "/ar/feeds/events.ics",
        f"/en/feeds/events/{content.event_en.translation_key}.ics",
    ]


def test_nginx_sends_the_artefacts_with_djangos_headers_and_304s(site, feeds_root):
    django = Client()
    for path in feed_paths(site["content"]):
        url = site["base"] + path
        status, headers, body = fetch(url)
        assert status == 200, path
        # From disk, not through Django: no micro-cache verdict, the stored bytes.
        assert cache_status(headers) is None, path
        language, rest = path.removeprefix("/").split("/feeds/")
        assert body == (feeds_root / language / rest).read_bytes()
        expected = django.get(path)
        assert expected.status_code == 200
        for name in SAME_HEADERS:
            assert headers.get(name) == expected.headers.get(name), (path, name)
        assert headers["Content-Type"].endswith("; charset=utf-8")
        # A feed runs nothing: its policy allows nothing.
        assert headers["Content-Security-Policy"].startswith("default-src 'none'")

        etag, modified = headers["ETag"], headers["Last-Modified"]
        for conditional in (
            {"If-None-Match": etag},
            {"If-None-Match": f'"nope", W/{etag}'},
            {"If-Modified-Since": modified},
            {"If-Modified-Since": "Fri, 01 Jan 2100 00:00:00 GMT"},
        ):
            status, again, body = fetch(url, conditional)
            assert (status, body) == (304, b""), (path, conditional)
            assert again["ETag"] == etag
            assert again["Cache-Control"] == expected["Cache-Control"]
        assert fetch(url, {"If-None-Match": '"stale"'})[0] == 200
        # If-None-Match wins over a matching If-Modified-Since.
        mixed = {"If-None-Match": '"stale"', "If-Modified-Since": modified}
        assert fetch(url, mixed)[0] == 200
        assert fetch(url, {"If-Modified-Since": "Thu, 01 Jan 2015 00:00:00 GMT"})[0] == 200
        assert fetch(url, method="HEAD")[0] == 200
        assert fetch(url, method="POST", data=b"")[0] == 405


def test_rebuilds_at_once_missing_artefacts_by_django_and_nothing_else(site, feeds_root):
    base = site["base"]
    feed = base + "/en/feeds/all.rss"
    status, headers, _body = fetch(feed)
    statement = site["content"].statement_en
    statement.title = "Corrected headline"
    started = time.monotonic()
    publish(statement)  # eager Celery: the feeds are rebuilt when the publish commits
    seen = read_until(feed, lambda s, h, b: b"Corrected headline" in b, timeout=10)
    delay = time.monotonic() - started
    assert b"Corrected headline" in seen[-1][2]
    assert delay <= FRESHNESS_LIMIT, f"the rebuilt feed took {delay:.2f} s"
    assert seen[-1][1]["ETag"] != headers["ETag"]
    # The old tag no longer matches: a conditional GET gets the new feed.
    assert fetch(feed, {"If-None-Match": headers["ETag"]})[0] == 200

    # A feed nobody built yet: Django builds it, then nginx sends it from disk.
    (feeds_root / "en" / "news.atom").unlink()
    status, headers, body = fetch(base + "/en/feeds/news.atom")
    assert status == 200 and b"Court hears appeal" in body
    assert cache_status(headers) == "MISS"
    assert headers["Content-Type"] == "application/atom+xml; charset=utf-8"
    status, headers, _body = fetch(base + "/en/feeds/news.atom")
    assert (status, cache_status(headers)) == (200, None)

    # The feeds page is Django's.
    status, headers, _body = fetch(base + "/en/feeds/")
    assert status == 200 and cache_status(headers) is not None

    # Nothing else in the store is served. Files Django would never serve, put where a
    # careless pattern would find them: a language and a section the site does not have, a
    # half-written file; and the metadata.
    for relpath in ("fr/all.rss", "en/archive.rss", "en/.all.rss.tmp", "en/topics/.x.rss"):
        (feeds_root / relpath).parent.mkdir(parents=True, exist_ok=True)
        (feeds_root / relpath).write_bytes(b"<secret/>")
    assert (feeds_root / ".meta" / "en" / "all.json").exists()
    assert (feeds_root / ".lock").exists()
    for path in (
        "/fr/feeds/all.rss",
        "/en/feeds/archive.rss",
        "/en/feeds/.all.rss.tmp",
        "/en/feeds/topics/.x.rss",
        "/en/feeds/.meta/en/all.json",
        "/.meta/en/all.json",
        "/en/feeds/../.lock",
        "/en/feeds/%2e%2e/.lock",
        "/en/feeds/.lock",
        "/en/.meta/all.json",
        "/en/feeds/topics/no-such-topic.rss",
        "/en/feeds/events/00000000-0000-0000-0000-000000000000.ics",
        "/en/feeds/everything.rss",
        "/en/feeds/all.xml",
        "/en/feeds/all.rss/",
    ):
        status, _headers, body = fetch(base + path)
        assert status == 404, (path, status)
        assert b"<secret/>" not in body and b'"pages"' not in body, path


def test_the_patterns_name_what_django_serves(tmp_path):
    """The languages and sections nginx sends from disk are Django's; so is the max-age.
    render.py names the languages from NEWSROOM_LANGUAGES, as the settings do."""
    text = render(
        TEMPLATE,
        tmp_path / "newsroom.conf",
        NEWSROOM_LISTEN="80",
        NEWSROOM_UPSTREAM="127.0.0.1:8000",
        NEWSROOM_STATIC_ROOT=tmp_path / "static",
        NEWSROOM_MEDIA_ROOT=tmp_path / "media",
        NEWSROOM_FEEDS_ROOT=tmp_path / "feeds",
        NEWSROOM_CACHE_PATH=tmp_path / "cache",
    )
    pattern = re.search(r'location ~ "(\^/\(\?<newsroom_feed_language>[^"]+)"', text).group(1)
    languages = re.search(r"<newsroom_feed_language>([^)]+)\)", pattern).group(1).split("|")
    assert languages == [code for code, _name in settings.LANGUAGES]
    sections = re.search(r"\(\?:\(\?:all\|([^)]+)\)", pattern).group(1).split("|")
    assert sorted(sections) == sorted(section_keys())
    assert f'add_header Cache-Control "public, max-age={settings.FEEDS_CACHE_SECONDS}";' in text


def test_a_websub_hub_is_named_in_the_link_header(tmp_path):
    nginx = require_nginx()
    prefix = tmp_path / "nginx"
    for sub in ("logs", "tmp", "conf.d", "static", "media", "cache", "feeds/en/events"):
        (prefix / sub).mkdir(parents=True, exist_ok=True)
    (prefix / "feeds" / "en" / "all.atom").write_bytes(b"<feed/>")
    (prefix / "feeds" / "en" / "events.ics").write_bytes(b"BEGIN:VCALENDAR\r\n")
    port = free_port()
    # As site/serve.sh: started by root, nginx's workers would run as nobody, who cannot read
    # the test's directory.
    user = ""
    if os.getuid() == 0:
        user = f"user {pwd.getpwuid(0).pw_name} {grp.getgrgid(os.getgid()).gr_name};"
    render(
        SITE / "nginx" / "nginx.conf.template",
        prefix / "nginx.conf",
        NEWSROOM_NGINX_PREFIX=prefix,
        NEWSROOM_NGINX_USER_DIRECTIVE=user,
    )
    render(
        TEMPLATE,
        prefix / "conf.d" / "newsroom.conf",
        NEWSROOM_LISTEN=f"127.0.0.1:{port}",
        NEWSROOM_UPSTREAM=f"127.0.0.1:{free_port()}",
        NEWSROOM_STATIC_ROOT=prefix / "static",
        NEWSROOM_MEDIA_ROOT=prefix / "media",
        NEWSROOM_FEEDS_ROOT=prefix / "feeds",
        NEWSROOM_CACHE_PATH=prefix / "cache",
        NEWSROOM_SITE_URL="https://news.example",
        NEWSROOM_WEBSUB_HUB_URL="https://hub.example/",
    )
    process = subprocess.Popen([str(nginx), *nginx_arguments(prefix)], stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                status, headers, _body = fetch(base + "/en/feeds/all.atom")
                break
            except OSError:
                assert process.poll() is None, process.stderr.read().decode()
                time.sleep(0.05)
        assert status == 200
        assert headers["Link"] == (
            '<https://hub.example/>; rel="hub", '
            '<https://news.example/en/feeds/all.atom>; rel="self"'
        )
        # Calendars have no hub (Django sends none either).
        status, headers, _body = fetch(base + "/en/feeds/events.ics")
        assert status == 200 and "Link" not in headers
    finally:
        process.terminate()
        process.wait(timeout=10)
