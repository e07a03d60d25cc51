"""/healthz: database, cache and (with REDIS_URL) the Celery broker."""

import time

import pytest
from django.db import connection
from django.test import override_settings

from newsroom.celery import app as celery_app

pytestmark = pytest.mark.django_db


@pytest.fixture
def broker_at():
    """Point the Celery app at another broker for one test, then put it back."""
    saved = celery_app.conf["broker_url"]

    def point(url):
        celery_app.conf.update(broker_url=url)

    yield point
    celery_app.conf.update(broker_url=saved)


def redis_settings(url):
    return override_settings(
        REDIS_URL=url,
        CACHES={
            "default": {
                "BACKEND": "newsroom.core.redis_cache.FailOpenRedisCache",
                "LOCATION": url,
                "KEY_PREFIX": "newsroom-test",
                "OPTIONS": {"CLIENT_CLASS": "django_redis.client.DefaultClient"},
            }
        },
    )


@override_settings(REDIS_URL="")
def test_healthz_ok_without_broker(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "no-store" in response["Cache-Control"]
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"]["database"]["status"] == "ok"
    assert body["checks"]["cache"]["status"] == "ok"
    # No REDIS_URL: tasks run eagerly, there is no broker to check.
    assert "broker" not in body["checks"]


@override_settings(REDIS_URL="")
def test_healthz_methods(client):
    assert client.head("/healthz").status_code == 200
    assert client.post("/healthz").status_code == 405


@override_settings(REDIS_URL="")
def test_healthz_reports_a_broken_database(client, monkeypatch):
    from newsroom.core import health

    def broken():
        raise ConnectionError("database went away")

    monkeypatch.setattr(health, "check_database", broken)
    response = client.get("/healthz")

    assert response.status_code == 503
    assert "no-store" in response["Cache-Control"]
    body = response.json()
    assert body["status"] == "error"
    assert body["checks"]["database"] == {
        "status": "error",
        "error": "ConnectionError",
        "service": "sqlite" if connection.vendor == "sqlite" else "postgresql",
        "ms": body["checks"]["database"]["ms"],
    }
    assert body["down"] == [connection.vendor]
    assert body["checks"]["cache"]["status"] == "ok"


@pytest.mark.redis
def test_healthz_checks_the_real_broker_and_cache(client, redis_url, broker_at):
    broker_at(redis_url)
    with redis_settings(redis_url):
        response = client.get("/healthz")

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "cache", "broker"}
    assert all(check["status"] == "ok" for check in body["checks"].values())


@pytest.mark.redis
def test_healthz_fails_fast_when_the_broker_is_down(client, redis_url, broker_at):
    # Nothing listens on port 1 of the loopback address: the connection is refused at once.
    broker_at("redis://127.0.0.1:1/0")
    started = time.monotonic()
    with redis_settings(redis_url):
        response = client.get("/healthz")
    elapsed = time.monotonic() - started

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error"
    assert body["checks"]["broker"]["status"] == "error"
    assert body["down"] == ["redis"]
    assert body["checks"]["cache"]["status"] == "ok"
    assert body["checks"]["database"]["status"] == "ok"
    # Bounded by the health check's own timeouts, not by kombu's endless retries; the margin
    # is for a loaded 2-core CI machine.
    assert elapsed < 15
