"""A translation keeps its source's slug, so a page whose text is all translated is "In sync"."""

import importlib

import pytest
from django.apps import apps
from django.urls import reverse
from wagtail_localize.models import (
    String,
    StringSegment,
    Translation,
    TranslationContext,
    TranslationSource,
)
from wagtail_localize.strings import StringValue

from newsroom.editorial import status
from newsroom.editorial.status import pairs_for_page
from newsroom.editorial.sync import UPDATED, sync_page
from tests.factories import NewsPageFactory, StatementPageFactory, localize, publish


def slug_segments(source):
    return StringSegment.objects.filter(source=source, context__path="slug")


@pytest.mark.parametrize("factory", [StatementPageFactory, NewsPageFactory])
def test_a_fully_translated_page_is_in_sync(tree, admin_client, factory):
    parent = tree.statements_en if factory is StatementPageFactory else tree.news_en
    english = publish(factory(parent=parent, locale=tree.en, slug="release-the-journalists"))
    # Every string segment gets a StringTranslation, as the translation editor saves them;
    # then the translation is published.
    arabic = localize(english, tree.ar)

    source = TranslationSource.objects.get_for_instance(english)
    assert not slug_segments(source).exists()
    total, done = Translation.objects.get(source=source, target_locale=tree.ar).get_progress()
    assert total == done > 0

    (pair,) = pairs_for_page(english)
    assert pair.status == status.IN_SYNC
    assert pair.segments_translated == pair.segments_total == total
    assert pair.untranslated == 0

    # Parallel addresses: /en/<section>/release-the-journalists/ and /ar/<section>/….
    assert arabic.slug == english.slug == "release-the-journalists"
    assert arabic.url.startswith("/ar/") and arabic.url.endswith("/release-the-journalists/")

    html = admin_client.get(reverse("editorial:page", args=[english.pk])).content.decode()
    assert 'data-status="in_sync"' in html
    assert f"{total} of {total} segments translated" in html


def test_a_sync_carries_a_changed_slug_over(tree):
    english = publish(StatementPageFactory(parent=tree.statements_en, locale=tree.en))
    localize(english, tree.ar)
    english.slug = "a-better-address"
    publish(english)
    result = sync_page(english, tree.ar)
    assert result["outcome"] == UPDATED
    arabic = english.get_translation(tree.ar)
    arabic.get_latest_revision().publish()
    arabic.refresh_from_db()
    assert arabic.slug == "a-better-address"


def test_migration_drops_slug_segments_extracted_before(tree):
    """Sources extracted when the slug was translatable lose that segment (pages only)."""
    english = publish(StatementPageFactory(parent=tree.statements_en, locale=tree.en))
    localize(english, tree.ar)
    source = TranslationSource.objects.get_for_instance(english)
    context, _ = TranslationContext.objects.get_or_create(object_id=source.object_id, path="slug")
    StringSegment.objects.create(
        source=source,
        string=String.from_value(tree.en, StringValue.from_plaintext(english.slug)),
        context=context,
        order=99,
    )
    (pair,) = pairs_for_page(english)
    assert pair.status == status.PENDING and pair.untranslated == 1

    migration = importlib.import_module("newsroom.content.migrations.0004_slug_is_not_a_segment")
    migration.drop_slug_segments(apps, None)

    assert not slug_segments(source).exists()
    (pair,) = pairs_for_page(english)
    assert pair.status == status.IN_SYNC


def test_an_arabic_slug_gives_the_english_translation_a_slug_from_its_title(tree):
    """A page written in Arabic first may have an Arabic slug; its English URL stays ASCII."""
    arabic = publish(
        NewsPageFactory(parent=tree.news_ar, locale=tree.ar, title="خبر تجريبي", slug="خبر-تجريبي")
    )
    english = localize(arabic, tree.en, strings={"خبر تجريبي": "A test news item"})
    assert english.title == "A test news item"
    assert english.slug == "a-test-news-item"
    (pair,) = pairs_for_page(arabic)
    assert pair.status == status.IN_SYNC
