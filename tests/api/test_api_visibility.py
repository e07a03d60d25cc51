"""Drafts, unpublished, scheduled, expired, private and alias pages never show: not in
lists, counts, searches, translation links, details or lookups."""

import pytest

from tests.support.api import hidden, ids

pytestmark = pytest.mark.django_db


def test_lists_and_counts_hold_only_public_pages(api, newsroom):
    secret = hidden(newsroom)
    data = api.json("/api/v1/pages?limit=100")
    assert not ids(data["results"]) & secret
    assert data["count"] == len(data["results"])
    for name in ("news_en_only", "news_with_draft", "private_pair_ar", "aliased_en"):
        assert newsroom[name].pk in ids(data["results"])
    news = api.json("/api/v1/pages?type=news&locale=en&limit=100")
    assert news["count"] == 3  # news_en_only, news_with_draft, aliased_en


def test_hidden_pages_are_not_found(api, newsroom):
    for page in (newsroom[name] for name in newsroom.pages if name.startswith("hidden")):
        api.get(f"/api/v1/pages/{page.pk}", status=404)
        path = page.url_path.split("/", 2)[2]
        locale = page.locale.language_code
        api.get(f"/api/v1/pages/lookup?locale={locale}&path={path}", status=404)


def test_no_translation_link_to_a_hidden_page(api, newsroom):
    results = {i["id"]: i for i in api.json("/api/v1/pages?limit=100")["results"]}
    assert results[newsroom["news_with_draft"].pk]["translations"] == []
    assert results[newsroom["private_pair_ar"].pk]["translations"] == []
    assert results[newsroom["aliased_en"].pk]["translations"] == []


def test_search_never_finds_hidden_pages(api, newsroom):
    for words in ("Secret draft", "Withdrawn", "Embargoed", "Members only", "Old vacancy"):
        found = api.json(f"/api/v1/pages?q={words}")["results"]
        assert not ids(found) & hidden(newsroom), (words, found)


def test_links_to_hidden_pages_lose_their_target(api, newsroom):
    draft = newsroom["hidden_draft"]
    data = api.json(f"/api/v1/pages/{newsroom['linking'].pk}")
    body = data["body"][0]["value"] + data["body_html"]
    assert draft.slug not in body and "secret-draft" not in body
    findings = api.json(f"/api/v1/pages/{newsroom['report'].pk}")["report"]["key_findings_html"]
    assert "href" not in findings


def test_private_section_hides_its_pages(api, newsroom):
    from wagtail.models import PageViewRestriction

    PageViewRestriction.objects.create(
        page=newsroom.tree.events_en, restriction_type="password", password="x"
    )
    data = api.json("/api/v1/pages?section=events&limit=100")
    assert ids(data["results"]) == {newsroom["event_upcoming_ar"].pk}
    assert api.json("/api/v1/events?locale=en&when=all")["count"] == 0


def test_unpublishing_shows_at_once(api, newsroom):
    arabic = newsroom["statement_ar"]
    before = api.json(f"/api/v1/pages/{newsroom['statement_en'].pk}")
    assert before["translations"]
    arabic.unpublish()
    after = api.json(f"/api/v1/pages/{newsroom['statement_en'].pk}")
    assert after["translations"] == []
    api.get(f"/api/v1/pages/{arabic.pk}", status=404)
