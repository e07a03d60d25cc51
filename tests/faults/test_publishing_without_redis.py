"""Editors publish while Redis (cache and broker) is down: the publish works, the page is live,
and the work it starts (the feeds' rebuild among it) waits in the outbox until Redis is back."""

import pytest

from newsroom.celery import app
from newsroom.core import outbox
from newsroom.core.breaker import redis as breaker
from newsroom.core.models import OutboxJob
from newsroom.feeds.building import rebuild
from tests.factories import StatementPageFactory, publish
from tests.support.workers import reset_connections

pytestmark = pytest.mark.redis


@pytest.fixture
def redis_gone(private_redis, settings):
    """Cache and broker on a private Redis, which is then killed."""
    url = private_redis.url()
    settings.REDIS_URL = url
    settings.NEWSROOM_REDIS_RETRY_SECONDS = 60  # no second try during the test
    settings.CACHES = {
        "default": {"BACKEND": "newsroom.core.redis_cache.FailOpenRedisCache", "LOCATION": url}
    }
    saved = {key: app.conf[key] for key in ("broker_url", "task_always_eager")}
    app.conf.update(broker_url=url, task_always_eager=False)
    reset_connections(app)
    private_redis.kill()
    yield
    app.conf.update(saved)
    reset_connections(app)


def feed(client):
    response = client.get("/en/feeds/all.rss")
    assert response.status_code == 200
    return response.content.decode()


def test_a_publish_during_the_outage_reaches_the_feeds_once_redis_is_back(
    tree, client, settings, django_capture_on_commit_callbacks, request
):
    rebuild({"*"})  # the feeds as they were before the outage
    request.getfixturevalue("redis_gone")

    with django_capture_on_commit_callbacks(execute=True):
        statement = publish(
            StatementPageFactory(
                parent=tree.statements_en, locale=tree.en, title="Published in the outage"
            )
        )
    assert client.get(statement.url).status_code == 200
    assert "Published in the outage" not in feed(client)  # the rebuild waits
    waiting = list(outbox.waiting().values_list("task", flat=True))
    assert "newsroom.feeds.rebuild_keys" in waiting

    # Back (eagerly here: the worker's side is tests/faults/test_serving_without_redis.py).
    app.conf.task_always_eager = True
    breaker.reset()
    assert outbox.drain() == len(waiting)
    assert "Published in the outage" in feed(client)
    assert not OutboxJob.objects.filter(done_at__isnull=True).exists()
