"""Feeds advertised in <head>, and the human "Feeds" page of each language."""

import pytest
from bs4 import BeautifulSoup

pytestmark = pytest.mark.django_db

FEED_TYPES = ["application/rss+xml", "application/atom+xml", "application/feed+json"]


def alternates(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    soup = BeautifulSoup(response.content, "html.parser")
    return [
        (link["type"], link["href"], link.get("title", ""))
        for link in soup.head.find_all("link", rel="alternate")
        if link.get("type")
    ]


def test_home_and_index_pages_advertise_their_feeds(client, tree):
    cases = {
        "/en/": "http://testserver/en/feeds/all",
        "/ar/": "http://testserver/ar/feeds/all",
        tree.statements_en.url: "http://testserver/en/feeds/statements",
        tree.news_ar.url: "http://testserver/ar/feeds/news",
        tree.events_en.url: "http://testserver/en/feeds/events",
    }
    extensions = {"application/rss+xml": "rss", "application/atom+xml": "atom"}
    extensions["application/feed+json"] = "json"
    for path, base in cases.items():
        found = alternates(client, path)
        feeds = [(kind, href) for kind, href, _title in found if kind in FEED_TYPES]
        assert feeds == [(kind, f"{base}.{extensions[kind]}") for kind in FEED_TYPES], path
        assert all(title for _kind, _href, title in found)

    calendars = [href for kind, href, _ in alternates(client, tree.events_ar.url)]
    assert "http://testserver/ar/feeds/events.ics" in calendars
    assert [kind for kind, _h, _t in alternates(client, tree.events_ar.url)][-1] == "text/calendar"
    assert "text/calendar" not in [kind for kind, _h, _t in alternates(client, "/ar/")]


def test_a_topic_listing_also_advertises_the_topic_feed(client, content):
    found = alternates(client, content.tree.statements_en.url + "?topic=detention")
    assert ("application/atom+xml", "http://testserver/en/feeds/topics/detention.atom") in [
        (kind, href) for kind, href, _title in found
    ]


@pytest.mark.parametrize(
    ("language", "direction", "heading", "everything"),
    [("en", "ltr", "Feeds", "Everything"), ("ar", "rtl", "الخلاصات", "كل المنشورات")],
)
def test_the_feeds_page_lists_every_feed(client, content, language, direction, heading, everything):
    response = client.get(f"/{language}/feeds/")
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.html["lang"] == language and soup.html["dir"] == direction
    assert soup.h1.get_text(strip=True) == heading
    rows = [row.th.get_text(strip=True) for row in soup.select("tbody tr")]
    assert rows[0] == everything
    assert len(rows) == 5 + 1  # everything, four sections, one topic
    links = {a["href"] for a in soup.select("main a[href]")}
    for name in ["all.rss", "all.atom", "all.json", "events.rss", "topics/detention.json"]:
        assert f"http://127.0.0.1:8000/{language}/feeds/{name}" in links
    assert f"webcal://127.0.0.1:8000/{language}/feeds/events.ics" in links
    switcher = {a["hreflang"]: a["href"] for a in soup.select("[data-language-switcher] a")}
    assert switcher == {"en": "/en/feeds/", "ar": "/ar/feeds/"}
    footer = [a["href"] for a in soup.select("footer a")]
    assert f"/{language}/feeds/" in footer
    # Every string on the page is translated: no English sentence on the Arabic page.
    if language == "ar":
        text = soup.main.get_text(" ", strip=True)
        for english in ["Follow", "Subscribe", "Download", "Sections", "Formats"]:
            assert english not in text
