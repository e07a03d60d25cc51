"""/sitemap.xml (every page in one document, or the index beyond the protocol's limit), the
sitemap index and its sitemaps per language and section, their lastmod and caching, and
robots.txt."""

import datetime
import re
import time
import xml.etree.ElementTree as ET

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, PageViewRestriction

from newsroom.core import sitemap as sitemap_module
from newsroom.core.sections import keys as section_keys
from tests.factories import NewsPageFactory, StatementPageFactory, publish, translate
from tests.support.sitemaps import NS, get_xml, sitemap_index, sitemap_urls, whole_sitemap_urls

pytestmark = pytest.mark.django_db

W3C_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")
PROTOCOL_MAX_URLS = 50_000
PROTOCOL_MAX_BYTES = 50 * 1024 * 1024


@pytest.fixture
def pages(tree):
    statements = [
        publish(StatementPageFactory(parent=tree.statements_en, slug=f"s{n}", live=False))
        for n in range(5)
    ]
    arabic = translate(statements[0], tree.ar, title="بيان")
    news = publish(NewsPageFactory(parent=tree.news_en, slug="n0", live=False))
    return {"statements": statements, "arabic": arabic, "news": news}


def live_public_urls(tree):
    return {
        f"http://testserver{page.url}"
        for page in Page.objects.live().public().filter(depth__gt=1)
        if page.url
    }


def test_the_index_lists_one_sitemap_per_language_and_section_holding_every_page_once(
    client, tree, pages
):
    listed = sitemap_index(client)
    names = [re.search(r"/sitemaps/(\w+)/(\w+)-(\d+)\.xml$", loc).groups() for loc, _ in listed]
    assert ("en", "statements", "1") in names and ("ar", "statements", "1") in names
    assert ("en", "pages", "1") in names  # the home page
    assert {group for _language, group, _n in names} <= {*section_keys(), "pages"}
    assert len(set(names)) == len(names)
    for location, lastmod in listed:
        assert location.startswith("http://testserver/sitemaps/")
        assert lastmod is None or W3C_DATETIME.match(lastmod), lastmod
        response = client.get(location.removeprefix("http://testserver"))
        assert len(response.content) < PROTOCOL_MAX_BYTES
        assert response.content.count(b"<url>") <= PROTOCOL_MAX_URLS

    urls = sitemap_urls(client)  # asserts that no page is in two sitemaps
    assert set(urls) == live_public_urls(tree)
    # Each page sits in its language's sitemap of its section.
    section_urls = {
        "statements": f"http://testserver{tree.statements_en.url}",
        "news": f"http://testserver{tree.news_en.url}",
    }
    for location, _lastmod in listed:
        language, group, _n = re.search(r"/sitemaps/(\w+)/(\w+)-(\d+)", location).groups()
        for url in get_xml(client, location).findall("s:url", NS):
            loc = url.findtext("s:loc", namespaces=NS)
            assert loc.startswith(f"http://testserver/{language}/")
            if language == "en" and group in section_urls:
                assert loc.startswith(section_urls[group]), (group, loc)


def test_sitemap_xml_holds_every_page_of_the_sitemaps_until_the_protocols_limit(
    client, tree, pages, monkeypatch
):
    parts = sitemap_urls(client)
    whole = whole_sitemap_urls(client)
    assert set(whole) == set(parts) == live_public_urls(tree)
    for loc, url in whole.items():  # the same entry, alternates and all
        assert ET.canonicalize(ET.tostring(url), strip_text=True) == ET.canonicalize(
            ET.tostring(parts[loc]), strip_text=True
        )

    monkeypatch.setattr(sitemap_module, "MAX_URLS", len(whole) - 1)
    root = get_xml(client, "/sitemap.xml")
    assert root.tag == f"{{{NS['s']}}}sitemapindex"
    assert [loc.text for loc in root.iter(f"{{{NS['s']}}}loc")] == [
        loc for loc, _lastmod in sitemap_index(client)
    ]


def test_lastmod_is_the_newest_publication_of_the_sitemaps_pages(client, tree, pages):
    statements = pages["statements"]
    urls = sitemap_urls(client)
    english = statements[0]
    english.refresh_from_db()
    url = urls[f"http://testserver{english.url}"]
    expected = english.last_published_at.strftime("%Y-%m-%dT%H:%M:%SZ")
    assert url.findtext("s:lastmod", namespaces=NS) == expected

    in_section = Page.objects.live().filter(path__startswith=tree.statements_en.path)
    newest = max(page.last_published_at for page in in_section if page.last_published_at)
    index = dict(sitemap_index(client))
    lastmod = index["http://testserver/sitemaps/en/statements-1.xml"]
    assert lastmod == newest.strftime("%Y-%m-%dT%H:%M:%SZ")

    # A publish moves the lastmod of its sitemap and of no other (in a later second: a
    # lastmod has whole seconds, and the fixture's publishes were just now).
    before = dict(index)
    time.sleep(1 - datetime.datetime.now().microsecond / 1_000_000)
    statements[3].title = "Retitled"
    publish(statements[3])
    statements[3].refresh_from_db()
    after = dict(sitemap_index(client))
    assert after["http://testserver/sitemaps/en/statements-1.xml"] == (
        statements[3].last_published_at.strftime("%Y-%m-%dT%H:%M:%SZ")
    )
    changed = {loc for loc in after if after[loc] != before.get(loc)}
    assert changed == {"http://testserver/sitemaps/en/statements-1.xml"}


def test_large_sections_are_paginated(client, tree, pages, monkeypatch):
    monkeypatch.setattr(sitemap_module, "URLS_PER_SITEMAP", 2)
    listed = [loc for loc, _lastmod in sitemap_index(client)]
    statements = [loc for loc in listed if "/sitemaps/en/statements-" in loc]
    # Five statements and the index page: three sitemaps of at most two.
    assert statements == [f"http://testserver/sitemaps/en/statements-{n}.xml" for n in (1, 2, 3)]
    for location in statements:
        assert len(get_xml(client, location).findall("s:url", NS)) <= 2
    assert set(sitemap_urls(client)) == live_public_urls(tree)
    assert client.get("/sitemaps/en/statements-4.xml").status_code == 404


def test_unknown_sitemaps_are_404s(client, tree, pages):
    for path in (
        "/sitemaps/en/statements-2.xml",
        "/sitemaps/en/statements-0.xml",
        "/sitemaps/fr/statements-1.xml",
        "/sitemaps/en/nothing-1.xml",
        "/sitemaps/en/statements-99999999999.xml",
        "/sitemaps/en/statements.xml",
    ):
        assert client.get(path).status_code == 404, path
    assert client.post("/sitemap.xml").status_code == 405


def test_sitemaps_are_cached_until_the_content_changes(client, tree, pages):
    path = "/sitemaps/en/statements-1.xml"
    # Built: a few queries whatever the number of pages (none per page).
    with CaptureQueriesContext(connection) as queries:
        first = client.get(path).content
    assert first.count(b"<url>") == 6
    assert len(queries) <= 10, [q["sql"] for q in queries]
    client.get("/sitemap.xml")
    # Cached: the fingerprint's three aggregate queries and nothing else.
    for cached_path in (path, "/sitemap.xml"):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(cached_path).content in (first, client.get(cached_path).content)
        assert len(queries) <= 6, [q["sql"] for q in queries]

    # A new page is in the very next answer, of its sitemap and of /sitemap.xml ...
    new = publish(StatementPageFactory(parent=tree.statements_en, slug="breaking", live=False))
    assert f"http://testserver{new.url}" in sitemap_urls(client)
    assert set(whole_sitemap_urls(client)) == set(sitemap_urls(client))
    # ... an unpublished one is gone ...
    old = pages["statements"][1]
    old_url = f"http://testserver{old.url}"
    old.unpublish()
    assert old_url not in sitemap_urls(client)
    # ... a moved one is listed at its new address ...
    moved = pages["statements"][2]
    moved_old = f"http://testserver{moved.url}"
    moved.move(tree.news_en, pos="last-child")
    moved.refresh_from_db()
    urls = sitemap_urls(client)
    assert moved_old not in urls and f"http://testserver{moved.url}" in urls
    assert set(whole_sitemap_urls(client)) == set(urls)
    # ... a page made private leaves, and so does its translation's alternate.
    private = pages["statements"][0]
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    urls = sitemap_urls(client)
    assert f"http://testserver{private.url}" not in urls
    arabic = urls[f"http://testserver{pages['arabic'].url}"]
    assert {link.get("hreflang") for link in arabic.findall("x:link", NS)} == {"ar", "x-default"}


def test_robots_txt_points_at_the_sitemap(client, tree):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert "User-agent: *" in lines


def test_a_change_rebuilds_only_the_sitemaps_it_touches(client, tree, pages, monkeypatch):
    built = []
    render_urlset = sitemap_module.render_urlset

    def recording(catalogue, page_ids, request=None):
        built.append(set(page_ids))
        return render_urlset(catalogue, page_ids, request)

    monkeypatch.setattr(sitemap_module, "render_urlset", recording)
    sitemap_urls(client)
    everything = len(built)
    assert everything == len(sitemap_index(client))
    built.clear()
    sitemap_urls(client)
    assert built == []  # all cached

    news = pages["news"]
    news.title = "Retitled news"
    publish(news)
    sitemap_urls(client)
    # The English news sitemap only (the news page has no translation).
    assert len(built) == 1 and news.pk in built[0]
    assert pages["statements"][0].pk not in built[0]
