"""The fail-open cache against a real redis-server that is killed and started again, in this
process: reads are misses, counters are unknown, one warning per outage, /healthz says so."""

import logging

import pytest
from django.test import RequestFactory

from newsroom.core import throttle
from tests.support.waiting import wait_for

pytestmark = pytest.mark.redis


@pytest.fixture
def redis_cache(private_redis, settings):
    """The project's Redis cache settings, pointed at the private server."""
    settings.NEWSROOM_REDIS_RETRY_SECONDS = 0.3
    settings.REDIS_URL = private_redis.url()
    settings.CACHES = {
        "default": {
            "BACKEND": "newsroom.core.redis_cache.FailOpenRedisCache",
            "LOCATION": private_redis.url(),
            "KEY_PREFIX": "faults",
        }
    }
    from django.core.cache import cache

    return cache


def outage_warnings(caplog):
    records = caplog.records
    return [r for r in records if r.name == "newsroom.redis" and r.levelno >= logging.WARNING]


def test_a_killed_redis_is_an_empty_cache_with_one_warning_per_outage(
    redis_cache, private_redis, caplog, settings
):
    cache = redis_cache
    caplog.set_level(logging.INFO, logger="newsroom.redis")
    rate = (1, 3600)
    request = RequestFactory().post("/en/newsletter/", REMOTE_ADDR="203.0.113.9")
    cache.set("kept", "value")
    assert cache.get("kept") == "value"
    assert throttle.hit(request, "faults", rate) is None
    assert throttle.hit(request, "faults", rate) > 0  # the limit works while Redis does

    private_redis.kill()
    for _ in range(50):
        assert cache.get("kept", "default") == "default"
        missed = cache.get_many(["kept"])
        assert missed == {}
        missed["kept"] = "written by a caller"  # never seen by the next caller's miss
        assert cache.add("new", 1) is None  # neither stored nor refused: unknown
        assert cache.incr("counter") is None
        cache.set("ignored", 1)
        assert throttle.hit(request, "faults", rate) is None  # fail open
        assert throttle.over(request, "faults", rate) is None
    assert len(outage_warnings(caplog)) == 1
    assert "unreachable" in outage_warnings(caplog)[0].getMessage()

    private_redis.start()  # the same port, empty
    assert wait_for(lambda: cache.add("back", 1) is True, timeout=10)
    assert cache.get("back") == 1
    recovered = [r for r in caplog.records if "answers again" in r.getMessage()]
    assert len(recovered) == 1

    private_redis.kill()  # a second outage: a second warning
    for _ in range(10):
        assert cache.get("back") is None
    assert len(outage_warnings(caplog)) == 2


def test_healthz_names_redis_while_it_is_down(redis_cache, private_redis, client, db):
    from newsroom.celery import app

    saved = app.conf.broker_url
    app.conf.broker_url = private_redis.url()
    try:
        assert client.get("/healthz").status_code == 200
        private_redis.kill()
        response = client.get("/healthz")
        private_redis.start()
        recovered = client.get("/healthz")  # the probe skips the breaker: no waiting
    finally:
        app.conf.broker_url = saved

    assert response.status_code == 503
    body = response.json()
    assert body["down"] == ["redis"]
    assert body["checks"]["cache"] == {**body["checks"]["cache"], "status": "error"}
    assert body["checks"]["broker"]["status"] == "error"
    assert body["checks"]["database"]["status"] == "ok"
    assert recovered.status_code == 200, recovered.content


def test_pages_search_sitemap_and_api_answer_from_the_database(
    redis_cache, private_redis, client, tree
):
    private_redis.kill()
    for path in ("/en/", "/ar/", "/en/search/?q=detention", "/sitemap.xml", "/api/v1/pages"):
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
    assert "الرئيسية" in client.get("/ar/").content.decode()
