"""`/healthz`: is this instance able to serve? Used by Docker, nginx and `make serve`.

Checks the database (``SELECT 1``), the cache (a PING to Redis, or a set/get round trip in
local memory) and, when a broker is configured (``REDIS_URL``), that the Celery broker accepts
a connection. Answers 200 with ``{"status": "ok", ...}`` or 503 with ``{"status": "error",
"down": ["redis"], ...}``: ``down`` names the services that failed, and each check says which
service it asked. Never cached.

A 503 that names only Redis means *degraded*, not *dead*: pages, search, feeds and the API
are still served from the database and sign-ups are stored (README, "When things fail"), so
a supervisor must not restart the app server for it. Redis failures are logged once per
outage (``newsroom.core.breaker``), not at every check.
"""

import logging
import time
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import connections
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from newsroom.celery import app

from .breaker import redis as breaker

logger = logging.getLogger(__name__)

BROKER_TIMEOUT = 2  # seconds: a health check must answer fast, even when the broker is down
CACHE_KEY_PREFIX = "healthz:"


def check_database():
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT 1")
        row = cursor.fetchone()
    if not row or row[0] != 1:
        raise RuntimeError("SELECT 1 returned an unexpected row")


def check_cache():
    probe = getattr(cache, "probe", None)
    if probe is not None:  # the fail-open Redis cache would hide an outage as misses
        probe()
        return
    key = f"{CACHE_KEY_PREFIX}{uuid.uuid4().hex}"
    value = uuid.uuid4().hex
    cache.set(key, value, timeout=10)
    try:
        if cache.get(key) != value:
            raise RuntimeError("cache did not return the value just stored")
    finally:
        cache.delete(key)


def check_broker():
    try:
        connect_broker()
    except Exception as exc:
        breaker.failed(exc)
        raise
    breaker.succeeded()


def connect_broker():
    # Celery's broker_connection_timeout would win over a connect_timeout argument, so set it
    # on the connection itself; Redis reads its socket timeouts from the transport options.
    connection = app.connection_for_write(
        transport_options={
            "socket_connect_timeout": BROKER_TIMEOUT,
            "socket_timeout": BROKER_TIMEOUT,
        }
    )
    connection.connect_timeout = BROKER_TIMEOUT
    with connection:
        # max_retries=0: one attempt and no back-off sleep; the timeouts above bound it.
        connection.ensure_connection(max_retries=0, timeout=BROKER_TIMEOUT)


def _run(name, check, service):
    started = time.monotonic()
    try:
        check()
    except Exception as exc:
        if service != "redis":  # Redis outages are logged by the breaker, once
            logger.warning("health check %s failed", name, exc_info=True)
        result = {"status": "error", "error": type(exc).__name__}
    else:
        result = {"status": "ok"}
    result["service"] = service
    result["ms"] = round((time.monotonic() - started) * 1000, 1)
    return result


def cache_service():
    return "redis" if hasattr(cache, "probe") else "local memory"


@never_cache
@require_safe
def healthz(request):
    checks = {
        "database": _run("database", check_database, connections["default"].vendor),
        "cache": _run("cache", check_cache, cache_service()),
    }
    if getattr(settings, "REDIS_URL", ""):
        checks["broker"] = _run("broker", check_broker, "redis")
    down = sorted({check["service"] for check in checks.values() if check["status"] != "ok"})
    body = {"status": "error" if down else "ok", "checks": checks}
    if down:
        body["down"] = down
    response = JsonResponse(body)
    response.status_code = 503 if down else 200
    # The failures are logged above (Redis: once per outage, by the breaker); Django's request
    # log would add an ERROR, and a Sentry event, for every poll of a load balancer.
    response._has_been_logged = True
    return response
