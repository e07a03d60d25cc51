"""Serving artefacts: validators, 304s, no page-tree queries, first-start builds."""

import shutil

import pytest
from django.conf import settings
from django.db import connection
from django.http import Http404
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import resolve
from django.utils import translation

pytestmark = pytest.mark.django_db

PATHS = {
    "/en/feeds/all.rss": "application/rss+xml; charset=utf-8",
    "/ar/feeds/statements.atom": "application/atom+xml; charset=utf-8",
    "/ar/feeds/all.json": "application/feed+json; charset=utf-8",
    "/en/feeds/topics/detention.rss": "application/rss+xml; charset=utf-8",
    "/ar/feeds/events.ics": "text/calendar; charset=utf-8",
}


def test_feeds_carry_validators_and_answer_conditional_gets(client, content):
    for path, content_type in PATHS.items():
        response = client.get(path)
        assert response.status_code == 200, path
        assert response["Content-Type"] == content_type
        etag, modified = response["ETag"], response["Last-Modified"]
        assert etag.startswith('"') and modified.endswith("GMT")
        assert response["Cache-Control"] == f"public, max-age={settings.FEEDS_CACHE_SECONDS}"

        for headers in (
            {"HTTP_IF_NONE_MATCH": etag},
            {"HTTP_IF_NONE_MATCH": f'"nope", W/{etag}'},
            {"HTTP_IF_MODIFIED_SINCE": modified},
        ):
            again = client.get(path, **headers)
            assert again.status_code == 304, (path, headers)
            assert again.content == b""
            assert again["ETag"] == etag
        assert client.get(path, HTTP_IF_NONE_MATCH='"stale"').status_code == 200
        # If-None-Match wins over a matching If-Modified-Since.
        mixed = client.get(path, HTTP_IF_NONE_MATCH='"stale"', HTTP_IF_MODIFIED_SINCE=modified)
        assert mixed.status_code == 200
        assert client.head(path).status_code == 200
        assert client.post(path).status_code == 405


def test_serving_never_queries_the_database(client, content):
    for path in PATHS:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        assert response.status_code == 200
        assert len(queries) == 0, (path, [q["sql"] for q in queries])


def test_a_missing_artefact_is_built_once_and_stored(client, content, store, feeds_root):
    shutil.rmtree(feeds_root)
    first = client.get("/en/feeds/news.atom")
    assert first.status_code == 200 and b"Court hears appeal" in first.content
    assert store.builds("en/news") == 1
    second = client.get("/en/feeds/news.rss")
    assert second.status_code == 200
    assert store.builds("en/news") == 1
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/en/feeds/news.json").status_code == 200
    assert len(queries) == 0


def test_unknown_feeds_are_404s(client, content):
    for path in [
        "/en/feeds/topics/no-such-topic.rss",
        "/en/feeds/events/00000000-0000-0000-0000-000000000000.ics",
        "/en/feeds/everything.rss",
        "/en/feeds/all.xml",
        "/fr/feeds/all.rss",
    ]:
        assert client.get(path).status_code == 404, path
    # The view looks the topic up once (the 404 page itself then renders the site's menus).
    path = "/en/feeds/topics/nope.atom"
    match = resolve(path)
    with (
        translation.override("en"),
        CaptureQueriesContext(connection) as queries,
        pytest.raises(Http404),
    ):
        match.func(RequestFactory().get(path), **match.kwargs)
    assert len(queries) == 1 and "content_topic" in queries[0]["sql"]


def test_unchanged_rebuild_keeps_the_etag(client, content):
    from newsroom.feeds.building import rebuild

    before = {path: client.get(path)["ETag"] for path in PATHS}
    rebuild({"*"})
    assert {path: client.get(path)["ETag"] for path in PATHS} == before


def test_artefacts_are_replaced_atomically(store, feeds_root):
    store.write("en/all.rss", b"one")
    old = store.open("en/all.rss")
    assert store.write("en/all.rss", b"one") is False
    assert store.open("en/all.rss").etag == old.etag
    assert store.write("en/all.rss", b"two!") is True
    new = store.open("en/all.rss")
    assert new.body == b"two!" and new.etag != old.etag
    leftovers = [p.name for p in (feeds_root / "en").iterdir() if p.name.endswith(".tmp")]
    assert leftovers == []
    with pytest.raises(ValueError):
        store.path("../outside")
