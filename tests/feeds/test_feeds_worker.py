"""With a real Celery worker on Redis: a publish changes the served feed; bursts coalesce."""

import feedparser
import pytest

from newsroom.content.models import NewsPage
from newsroom.feeds.store import ArtefactStore
from tests.factories import NewsPageFactory, build_bilingual_tree, publish
from tests.support.waiting import wait_for

pytestmark = pytest.mark.redis


def served_titles(client, path):
    response = client.get(path)
    assert response.status_code == 200
    return {entry.title for entry in feedparser.parse(response.content).entries}, response


def test_a_publish_changes_the_served_feed_and_its_etag(client, celery_worker, feeds_root):
    tree = build_bilingual_tree()
    store = ArtefactStore(feeds_root)
    titles, first = served_titles(client, "/en/feeds/news.rss")  # built on first request
    assert titles == set()
    etag = first["ETag"]
    assert client.get("/en/feeds/news.rss", HTTP_IF_NONE_MATCH=etag).status_code == 304

    page = publish(
        NewsPageFactory(parent=tree.news_en, locale=tree.en, title="Worker news", live=False)
    )
    response = wait_for(
        lambda: (
            (result := served_titles(client, "/en/feeds/news.rss"))[0] == {"Worker news"}
            and result[1]
        ),
        timeout=30,
    )
    assert response, "the worker did not rebuild the feed"
    assert response["ETag"] != etag
    assert client.get("/en/feeds/news.rss", HTTP_IF_NONE_MATCH=etag).status_code == 200
    assert client.get("/en/feeds/news.rss", HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304
    assert store.read_meta("en/news")["pages"] == [page.pk]

    NewsPage.objects.get(pk=page.pk).unpublish()
    assert wait_for(lambda: served_titles(client, "/en/feeds/news.rss")[0] == set(), timeout=30)
    assert celery_worker.poll() is None


def test_a_burst_of_publishes_is_coalesced(client, celery_worker, feeds_root):
    tree = build_bilingual_tree()
    store = ArtefactStore(feeds_root)
    pages = [
        NewsPageFactory(parent=tree.news_en, locale=tree.en, title=f"Burst {n}", live=False)
        for n in range(40)
    ]
    for page in pages:
        publish(page)
    wanted = {f"Burst {n}" for n in range(40)}
    assert wait_for(lambda: served_titles(client, "/en/feeds/all.atom")[0] == wanted, timeout=60)
    # A rebuild every second or so while publishing went on, not one per publish.
    assert 1 <= store.builds("en/all") <= 10, store.builds("en/all")
    assert store.builds("en/news") == store.builds("en/all")
    assert celery_worker.poll() is None
