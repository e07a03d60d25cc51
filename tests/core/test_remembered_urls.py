"""Page and feed URLs are kept per process (newsroom.core.remembered_urls) and never outlive
what they were made from: the page's place in the tree, the language in force and the site."""

import uuid

import pytest
from django.utils import translation
from wagtail.models import Page, Site

from newsroom.content.models import StatementPage
from newsroom.feeds.catalogue import FeedKey
from tests.factories import StatementPageFactory, publish, translate

pytestmark = pytest.mark.django_db


def fresh(page):
    return StatementPage.objects.get(pk=page.pk)


def test_a_renamed_or_moved_page_gets_its_new_url_at_once(tree):
    statement = publish(
        StatementPageFactory(parent=tree.statements_en, locale=tree.en, slug="first-words")
    )
    assert fresh(statement).url == "/en/statements/first-words/"

    statement.slug = "second-words"
    publish(statement)
    assert fresh(statement).url == "/en/statements/second-words/"

    Page.objects.get(pk=statement.pk).move(tree.news_en, pos="last-child")
    assert fresh(statement).url == "/en/news/second-words/"


def test_each_language_version_keeps_its_own_language_whatever_the_reader_uses(tree):
    english = publish(StatementPageFactory(parent=tree.statements_en, locale=tree.en, slug="s"))
    arabic = translate(english, tree.ar, title="بيان")
    for language in ("en", "ar"):
        with translation.override(language):
            assert fresh(english).url == "/en/statements/s/"
            assert fresh(arabic).url == "/ar/statements/s/"


def test_a_new_host_for_the_site_shows_in_full_urls_at_once(tree):
    statement = publish(StatementPageFactory(parent=tree.statements_en, locale=tree.en, slug="s"))
    assert fresh(statement).full_url == "http://localhost/en/statements/s/"
    site = Site.objects.get(is_default_site=True)
    site.hostname, site.port = "news.example.org", 443
    site.save()
    assert fresh(statement).full_url == "https://news.example.org/en/statements/s/"


def test_a_feed_keeps_its_own_language_whatever_the_reader_uses():
    for reader in ("en", "ar"):
        with translation.override(reader):
            assert FeedKey("ar", "all", "all").path("rss") == "/ar/feeds/all.rss"
            assert FeedKey("en", "section", "statements").path("atom") == (
                "/en/feeds/statements.atom"
            )


def test_an_events_calendar_has_its_own_key_in_its_language():
    keys = [str(uuid.uuid4()) for _ in range(3)]
    for reader in ("en", "ar"):
        with translation.override(reader):
            for language in ("en", "ar"):
                for key in keys:
                    assert FeedKey(language, "event", key).path() == (
                        f"/{language}/feeds/events/{key}.ics"
                    )
