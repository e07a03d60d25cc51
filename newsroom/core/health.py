"""`/healthz`: is this instance able to serve? Used by Docker, nginx and `make serve`.

Checks the database (``SELECT 1``), the cache (a set/get round trip) and, when a broker is
configured (``REDIS_URL``), that the Celery broker accepts a connection. Answers 200 with
``{"status": "ok", ...}`` or 503 with ``{"status": "error", ...}``; never cached.
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
    key = f"{CACHE_KEY_PREFIX}{uuid.uuid4().hex}"
    value = uuid.uuid4().hex
    cache.set(key, value, timeout=10)
    try:
        if cache.get(key) != value:
            raise RuntimeError("cache did not return the value just stored")
    finally:
        cache.delete(key)


def check_broker():
    from newsroom.celery import app

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


def _run(name, check):
    started = time.monotonic()
    try:
        check()
    except Exception as exc:
        logger.warning("health check %s failed", name, exc_info=True)
        result = {"status": "error", "error": type(exc).__name__}
    else:
        result = {"status": "ok"}
    result["ms"] = round((time.monotonic() - started) * 1000, 1)
    return result


@never_cache
@require_safe
def healthz(request):
    checks = {
        "database": _run("database", check_database),
        "cache": _run("cache", check_cache),
    }
    if getattr(settings, "REDIS_URL", ""):
        checks["broker"] = _run("broker", check_broker)
    ok = all(check["status"] == "ok" for check in checks.values())
    response = JsonResponse({"status": "ok" if ok else "error", "checks": checks})
    response.status_code = 200 if ok else 503
    return response
