"""Odd and hostile input to public URLs is a clear answer (a page, a 4xx), never a 500: quotes
and punctuation around search words, API failures, and feed names too long for a file name.
Run on SQLite and on PostgreSQL (NUL bytes only break the latter). The list of hostile search
queries, on the search page in both languages and the API, is tests/search/test_queries.py."""

import logging

import pytest
from bs4 import BeautifulSoup

from newsroom.content.models import Topic
from newsroom.feeds.catalogue import SLUG_MAX_LENGTH
from newsroom.search.query import parse_query
from tests.factories import StatementPageFactory, publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def statement(tree):
    return publish(
        StatementPageFactory(
            parent=tree.statements_en, title="Press freedom under attack", locale=tree.en
        )
    )


def test_quotes_and_punctuation_still_find_the_words_between_them(client, statement):
    page = client.get("/en/search/", {"q": '"press" freedom!'})
    # The text of the page: the matched words in the title are marked.
    assert "Press freedom under attack" in BeautifulSoup(page.content, "html.parser").get_text()
    api = client.get("/api/v1/pages", {"q": '"press" freedom!'}).json()
    assert [item["title"] for item in api["results"]] == ["Press freedom under attack"]


def test_search_terms_keep_letters_and_digits_only():
    assert parse_query('a"b', "en").terms == ("a", "b")
    assert parse_query("a\x00b", "en").terms == ("a", "b")
    assert parse_query("  «حرية»  الصحافة؟ 2024 ", "ar").terms == ("حري", "صحاف", "2024")
    assert not parse_query('"*()', "en")


def test_an_unexpected_api_failure_is_a_json_500_and_logged(client, tree, monkeypatch, caplog):
    from newsroom.api.views import pages

    def broken(*args, **kwargs):
        raise RuntimeError("the search backend failed")

    monkeypatch.setattr(pages, "ordered", broken)
    with caplog.at_level(logging.ERROR, logger="newsroom.api"):
        response = client.get("/api/v1/pages?q=press")
    assert response.status_code == 500
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert body["status"] == 500 and body["error"] == "server_error" and body["message"]
    assert "Traceback" not in response.content.decode()
    assert any("the search backend failed" in r.exc_text for r in caplog.records if r.exc_text)


def test_the_api_schema_documents_the_500_error_body(client, tree):
    schema = client.get("/api/v1/openapi.json").json()
    responses = schema["paths"]["/api/v1/pages"]["get"]["responses"]
    assert "500" in responses


def test_a_topic_feed_name_longer_than_any_slug_is_a_404(client, tree):
    for length in (SLUG_MAX_LENGTH + 1, 300, 5000):
        for fmt in ("rss", "atom", "json"):
            response = client.get(f"/en/feeds/topics/{'a' * length}.{fmt}")
            assert response.status_code == 404, (length, fmt)


def test_the_longest_topic_slug_still_has_a_feed(client, tree):
    assert Topic._meta.get_field("slug").max_length == SLUG_MAX_LENGTH
    slug = "t" * SLUG_MAX_LENGTH
    Topic.objects.create(name="Long", slug=slug, locale=tree.en)
    response = client.get(f"/en/feeds/topics/{slug}.rss")
    assert response.status_code == 200
    assert client.get(f"/en/feeds/topics/{'u' * SLUG_MAX_LENGTH}.rss").status_code == 404


def test_an_api_path_with_a_line_break_is_a_json_404(client, tree):
    for path in ("/api/v1/pages/1%0A", "/api/v1/nothing%0A", "/api/v1/%0A%0A"):
        response = client.get(path)
        assert response.status_code == 404, path
        assert response.json()["error"] == "not_found"
