"""Chosen snippets, pages and documents resolve to the translation or fall back, visibly."""

import re

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from wagtail.documents import get_document_model

from newsroom.editorial import references
from newsroom.editorial.references import page_references
from tests.factories import (
    NewsPageFactory,
    StatementPageFactory,
    TopicFactory,
    localize,
    publish,
)


@pytest.fixture
def statement(tree):
    detention = TopicFactory(locale=tree.en, name="Detention", slug="detention")
    arabic_detention = detention.copy_for_translation(tree.ar)
    arabic_detention.name = "الاحتجاز"
    arabic_detention.save()
    migration = TopicFactory(locale=tree.en, name="Migration", slug="migration")
    english_only = publish(
        NewsPageFactory(parent=tree.news_en, locale=tree.en, title="English-only news")
    )
    withdrawn = publish(NewsPageFactory(parent=tree.news_en, locale=tree.en, title="Withdrawn"))
    document = get_document_model().objects.create(
        title="Full text (English)",
        language="en",
        file=ContentFile(b"%PDF-1.4\n% test\n", name="full-text-en.pdf"),
    )
    english = StatementPageFactory(parent=tree.statements_en, locale=tree.en)
    english.topics.set([detention, migration])
    english.related_pages = [("page", english_only), ("page", withdrawn)]
    english.full_document = document
    publish(english)
    arabic = localize(english, tree.ar)
    withdrawn.unpublish()
    return {
        "english": english,
        "arabic": arabic,
        "detention": detention,
        "arabic_detention": arabic_detention,
        "migration": migration,
        "english_only": english_only,
        "withdrawn": withdrawn,
        "document": document,
    }


def test_references_say_how_each_choice_resolves(statement):
    found = {(str(ref.chosen), ref.outcome): ref for ref in page_references(statement["arabic"])}
    assert ("Detention", references.TRANSLATED) in found
    assert found["Detention", references.TRANSLATED].shown == statement["arabic_detention"]
    assert ("Migration", references.FALLBACK) in found
    assert ("English-only news", references.FALLBACK) in found
    assert ("Withdrawn", references.NOT_LIVE) in found
    assert ("Full text (English)", references.FALLBACK) in found
    # The English page has everything in its own language; only the withdrawn page is lost.
    english = page_references(statement["english"])
    assert {str(ref.chosen) for ref in english if ref.is_problem} == {"Withdrawn"}


def test_the_translation_editor_shows_the_fallbacks(statement, admin_client):
    arabic = statement["arabic"]
    html = admin_client.get(reverse("wagtailadmin_pages:edit", args=[arabic.pk])).content.decode()
    start = html.index("data-editorial-fallbacks")
    fallbacks = html[start : html.index("</ul>", start)]
    assert "Migration" in fallbacks and "English-only news" in fallbacks
    assert "Withdrawn" in fallbacks and "Full text (English)" in fallbacks
    assert "Detention" not in fallbacks


def test_the_arabic_page_has_no_broken_links(statement, client):
    arabic = statement["arabic"]
    response = client.get(arabic.url)
    assert response.status_code == 200
    html = response.content.decode()
    # Topics in Arabic where translated, the English name where not (the explicit fallback).
    assert "الاحتجاز" in html and "Migration" in html
    # The related English-only page is linked (in English); the withdrawn one is left out.
    assert statement["english_only"].url in html
    assert statement["withdrawn"].url not in html
    links = set(re.findall(r'href="(/[^"#]*)"', html))
    broken = []
    for link in sorted(links):
        if link.startswith(("/static/", "/media/")):
            continue
        status = client.get(link).status_code
        if status >= 400:
            broken.append((link, status))
    assert broken == []
