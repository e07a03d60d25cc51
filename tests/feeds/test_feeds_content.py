"""What the feeds say: every format parses cleanly, in both languages, with complete items."""

import datetime
import json

import feedparser
import pytest
from django.conf import settings
from django.utils import timezone
from wagtail.models import PageViewRestriction

from newsroom.content.models import StatementPage
from newsroom.core.identifiers import item_guid
from newsroom.core.sanitise import clean_xml_text
from newsroom.feeds.building import rebuild
from newsroom.feeds.text import sanitise_html
from tests.factories import NewsPageFactory, StatementPageFactory, publish

pytestmark = pytest.mark.django_db

FEEDS = ["all", "statements", "news", "reports", "events", "topics/detention"]


def fetch(client, path):
    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return response


def parsed(client, path):
    response = fetch(client, path)
    feed = feedparser.parse(response.content)
    assert feed.bozo == 0, (path, feed.get("bozo_exception"))
    return feed


def titles(feed):
    return {entry.title for entry in feed.entries}


@pytest.mark.parametrize("fmt", ["rss", "atom"])
def test_every_xml_feed_parses_in_both_languages(client, content, fmt):
    expected = {
        "en": {
            "all": {
                "Free the journalists",
                "Court hears appeal",
                "Behind closed doors",
                "Panel on detention",
            },
            "statements": {"Free the journalists"},
            "news": {"Court hears appeal"},
            "reports": {"Behind closed doors"},
            "events": {"Panel on detention"},
            "topics/detention": {"Free the journalists", "Panel on detention"},
        },
        "ar": {
            # The report was never translated: the Arabic feeds do not carry it.
            "all": {"أفرجوا عن الصحفيين", "المحكمة تنظر في الاستئناف", "ندوة عن الاحتجاز"},
            "statements": {"أفرجوا عن الصحفيين"},
            "news": {"المحكمة تنظر في الاستئناف"},
            "reports": set(),
            "events": {"ندوة عن الاحتجاز"},
            "topics/detention": {"أفرجوا عن الصحفيين", "ندوة عن الاحتجاز"},
        },
    }
    for language, feeds in expected.items():
        for name, wanted in feeds.items():
            feed = parsed(client, f"/{language}/feeds/{name}.{fmt}")
            assert titles(feed) == wanted, (language, name)
            assert feed.feed.language == language
            for entry in feed.entries:
                assert entry.link.startswith(f"{settings.SITE_URL}/{language}/")
                assert entry.id.startswith("urn:uuid:")
    atom = fetch(client, f"/ar/feeds/all.{fmt}").content
    if fmt == "atom":
        assert b'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="ar">' in atom
    else:
        assert b'<channel xml:lang="ar">' in atom and b"<language>ar</language>" in atom


def test_items_are_complete(client, content):
    feed = parsed(client, "/en/feeds/statements.atom")
    (entry,) = feed.entries
    statement = content.statement_en
    assert entry.id == item_guid(statement.translation_key, "en")
    assert entry.link == f"{settings.SITE_URL}/en/statements/free-the-journalists/"
    assert entry.summary == "A call to release reporters."
    assert entry.author == "Coalition for Rights"
    assert [tag.term for tag in entry.tags] == ["detention"]
    assert [tag.label for tag in entry.tags] == ["Detention"]
    (enclosure,) = entry.enclosures
    document = statement.full_document
    assert enclosure.href == settings.SITE_URL + document.url
    assert enclosure.type == "application/pdf"
    assert int(enclosure.length) == document.file_size > 0
    assert entry.published_parsed and entry.updated_parsed
    html = entry.content[0].value
    assert "<script" not in html
    # Relative links in the body (the PDF download) are made absolute.
    assert f'href="{settings.SITE_URL}{document.url}"' in html

    rss = parsed(client, "/en/feeds/statements.rss").entries[0]
    assert rss.id == entry.id and rss.guidislink is False
    assert rss.enclosures[0].href == enclosure.href
    assert rss.author_detail.name == "Coalition for Rights"  # dc:creator

    arabic = parsed(client, "/ar/feeds/statements.rss").entries[0]
    assert arabic.id == item_guid(statement.translation_key, "ar") != rss.id
    assert arabic.link.startswith(f"{settings.SITE_URL}/ar/")
    assert [tag.term for tag in arabic.tags] == ["الاحتجاز"]
    assert arabic.author_detail.name == "تحالف الحقوق"

    report = parsed(client, "/en/feeds/reports.atom").entries[0]
    assert "Detention is the rule." in report.content[0].value
    assert report.enclosures[0].type == "application/pdf"

    event = parsed(client, "/en/feeds/events.atom").entries[0]
    assert "Palais des Nations" in event.content[0].value
    assert event.summary == "Defenders speak in Geneva."


def test_json_feed(client, content):
    response = fetch(client, "/ar/feeds/all.json")
    assert response["Content-Type"] == "application/feed+json; charset=utf-8"
    data = json.loads(response.content)
    assert data["version"] == "https://jsonfeed.org/version/1.1"
    assert data["language"] == "ar"
    assert data["feed_url"] == f"{settings.SITE_URL}/ar/feeds/all.json"
    assert data["home_page_url"] == f"{settings.SITE_URL}/ar/"
    items = {item["title"]: item for item in data["items"]}
    statement = items["أفرجوا عن الصحفيين"]
    assert statement["id"] == item_guid(content.statement_en.translation_key, "ar")
    assert statement["url"].startswith(f"{settings.SITE_URL}/ar/")
    assert statement["language"] == "ar"
    assert statement["tags"] == ["الاحتجاز"]
    assert statement["attachments"][0]["mime_type"] == "application/pdf"
    assert statement["attachments"][0]["size_in_bytes"] > 0
    assert statement["content_html"] and statement["date_published"]


def test_guid_survives_a_slug_change(client, content, django_capture_on_commit_callbacks):
    before = parsed(client, "/en/feeds/statements.rss").entries[0]
    page = StatementPage.objects.get(pk=content.statement_en.pk)
    page.slug = "journalists-must-go-free"
    with django_capture_on_commit_callbacks(execute=True):
        publish(page)
    after = parsed(client, "/en/feeds/statements.rss").entries[0]
    assert after.id == before.id
    assert after.link.endswith("/en/statements/journalists-must-go-free/")


def test_drafts_private_and_scheduled_pages_are_never_present(
    client, content, django_capture_on_commit_callbacks
):
    tree = content.tree
    with django_capture_on_commit_callbacks(execute=True):
        StatementPageFactory(
            parent=tree.statements_en, locale=tree.en, title="Draft only", live=False
        ).save_revision()
        private = publish(
            NewsPageFactory(parent=tree.news_en, locale=tree.en, title="Members only", live=False)
        )
        PageViewRestriction.objects.create(page=private, restriction_type="login")
        scheduled = StatementPageFactory(
            parent=tree.statements_en, locale=tree.en, title="Not yet", live=False
        )
        scheduled.go_live_at = timezone.now() + datetime.timedelta(days=3)
        scheduled.save_revision().publish()
    rebuild({"*"})
    for name in FEEDS:
        for fmt in ("rss", "atom"):
            found = titles(parsed(client, f"/en/feeds/{name}.{fmt}"))
            assert not found & {"Draft only", "Members only", "Not yet"}, (name, fmt)


def test_unpublish_and_delete_remove_items(client, content, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        content.news_en.unpublish()
    assert "Court hears appeal" not in titles(parsed(client, "/en/feeds/all.rss"))
    assert titles(parsed(client, "/en/feeds/news.rss")) == set()

    event_ics = f"/en/feeds/events/{content.event_en.translation_key}.ics"
    assert client.get(event_ics).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        content.event_en.delete()
    assert "Panel on detention" not in titles(parsed(client, "/en/feeds/all.atom"))
    assert titles(parsed(client, "/en/feeds/topics/detention.atom")) == {"Free the journalists"}
    assert b"Panel on detention" not in fetch(client, "/en/feeds/events.ics").content
    assert client.get(event_ics).status_code == 404
    # The Arabic translation is untouched.
    assert "ندوة عن الاحتجاز" in titles(parsed(client, "/ar/feeds/events.rss"))


def test_text_xml_cannot_carry_is_cleaned(client, content, django_capture_on_commit_callbacks):
    page = StatementPage.objects.get(pk=content.statement_en.pk)
    page.title = "Bell\x07 and\x0b tab\x1f ok\ufffe"
    page.subtitle = "Control\x01 characters\x08 here"
    with django_capture_on_commit_callbacks(execute=True):
        publish(page)
    for fmt in ("rss", "atom"):
        entry = parsed(client, f"/en/feeds/statements.{fmt}").entries[0]
        assert entry.title == "Bell and tab ok"
        assert entry.summary == "Control characters here"
    data = json.loads(fetch(client, "/en/feeds/statements.json").content)
    assert data["items"][0]["title"] == "Bell and tab ok"


def test_bidi_controls_in_titles_are_neutralised(
    client, content, django_capture_on_commit_callbacks
):
    page = StatementPage.objects.get(pk=content.statement_en.pk)
    page.title = "Innocent \u202egnp.exe\u202c title \u2066x\u2069 \u200fmark"
    with django_capture_on_commit_callbacks(execute=True):
        publish(page)
    expected = "Innocent gnp.exe title x \u200fmark"  # a mark cannot reorder: it stays
    for fmt in ("rss", "atom"):
        entry = parsed(client, f"/en/feeds/statements.{fmt}").entries[0]
        assert entry.title == expected
    data = json.loads(fetch(client, "/en/feeds/statements.json").content)
    assert data["items"][0]["title"] == expected


def test_cleaning_helpers_drop_lone_surrogates_and_scripts():
    assert clean_xml_text("a\ud800b\udfffc\x00d") == "abcd"
    assert clean_xml_text("emoji 🙂 and عربي") == "emoji 🙂 and عربي"
    html = sanitise_html(
        '<p onclick="x()">Hi\ud800<script>alert(1)</script><a href="/en/x/">x</a></p>'
    )
    assert html == (f'<p>Hi<a href="{settings.SITE_URL}/en/x/" rel="noopener noreferrer">x</a></p>')
