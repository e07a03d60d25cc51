"""The number of queries per request does not grow with the number of pages."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from newsroom.content.models import NewsPage, StatementPage, Topic
from newsroom.events.models import EventPage
from tests.factories import TopicFactory, bulk_pages

pytestmark = pytest.mark.django_db

MAX_QUERIES = 12
URLS = [
    "/api/v1/pages?limit=100",
    "/api/v1/pages?limit=100&locale=ar&topic=detention",
    "/api/v1/events?limit=100&when=all",
]


def seed(tree, pages):
    """``pages`` pages: statements, news and events, each English one with its translation."""
    topic = Topic.objects.filter(slug="detention").first() or TopicFactory(
        slug="detention", locale=tree.en
    )
    start = timezone.now() + datetime.timedelta(days=3)
    per_kind = pages // 6
    for model, parent_en, parent_ar, fields in [
        (StatementPage, tree.statements_en, tree.statements_ar, {}),
        (NewsPage, tree.news_en, tree.news_ar, {}),
        (
            EventPage,
            tree.events_en,
            tree.events_ar,
            {"start": start, "end": start + datetime.timedelta(hours=2), "venue_name": "Hall"},
        ),
    ]:
        english = bulk_pages(parent_en, model, per_kind, locale=tree.en, topics=[topic], **fields)
        keys = [page.translation_key for page in english]
        bulk_pages(
            parent_ar,
            model,
            per_kind,
            locale=tree.ar,
            translation_keys=keys,
            topics=[topic],
            **fields,
        )


def queries_for(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, response.content[:300]
    return len(context), response.json()["count"]


@pytest.mark.parametrize("pages", [12, 504])
def test_list_queries_are_bounded(client, tree, pages, django_assert_max_num_queries):
    seed(tree, pages)
    for url in URLS:
        with django_assert_max_num_queries(MAX_QUERIES):
            assert client.get(url).status_code == 200


def test_the_count_is_not_taken_again_until_the_content_changes(client, tree, settings):
    settings.NEWSROOM_API_CACHE_SECONDS = 0
    seed(tree, 12)
    url = "/api/v1/pages?limit=5&locale=ar"
    first = client.get(url).json()["count"]
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).json()["count"] == first
    assert not [q for q in context.captured_queries if "COUNT(" in q["sql"].upper()]
    seed(tree, 12)  # publishing (bulk_pages changes the content version as a publish does)
    assert client.get(url).json()["count"] == first + 6


def test_list_queries_are_the_same_for_12_and_504_pages(client, tree, settings):
    settings.NEWSROOM_API_CACHE_SECONDS = 0  # every request builds its answer
    seed(tree, 12)
    for url in URLS:  # fill the per-process caches (content types, site root paths) first
        client.get(url)
    small = {url: queries_for(client, url) for url in URLS}
    seed(tree, 492)
    for url in URLS:  # the new content's list counts (content_version.fragment)
        client.get(url)
    large = {url: queries_for(client, url) for url in URLS}
    for url in URLS:
        assert large[url][1] > small[url][1]
        assert large[url][0] == small[url][0], (url, small, large)
