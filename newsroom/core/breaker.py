"""A circuit breaker per process for Redis: one warning per outage, no retry per request.

Redis carries the cache (Wagtail's site-root lookup, the API's response cache, the rate
limits) and the Celery broker; none of them is needed to read a page or store a sign-up.
When a call to Redis fails, the breaker opens: for ``NEWSROOM_REDIS_RETRY_SECONDS`` every
cache call answers a miss and the outbox (``newsroom.core.outbox``) leaves its jobs for the
drain, without touching the network. The next call after that tries Redis again (half open):
success closes the breaker, failure keeps it open for another period.

    closed ──failure──► open ──after N s──► half open ──success──► closed
                          ▲                     │
                          └──────failure────────┘

Each process logs one WARNING when an outage begins (the first failure after a success) and
one INFO when Redis answers again, however many requests fall in between. ``/healthz``
(``newsroom.core.health``) probes Redis on every call and reports to the same breaker.
"""

import logging
import threading
import time

from django.conf import settings

logger = logging.getLogger("newsroom.redis")


class Breaker:
    def __init__(self, name):
        self.name = name
        self._lock = threading.Lock()
        self._down_since = None  # time.monotonic() of the failure that began the outage
        self._retry_at = 0.0

    @property
    def down(self):
        """True during an outage (open or half open)."""
        return self._down_since is not None

    def is_open(self):
        """True while calls must not try Redis at all."""
        return self._down_since is not None and time.monotonic() < self._retry_at

    def failed(self, error):
        now = time.monotonic()
        with self._lock:
            first = self._down_since is None
            if first:
                self._down_since = now
            self._retry_at = now + settings.NEWSROOM_REDIS_RETRY_SECONDS
        if first:
            logger.warning(
                "%s is unreachable (%s: %s): the cache answers misses, rate limits are off, "
                "emails wait in the outbox; trying again every %g s",
                self.name,
                type(error).__name__,
                error,
                settings.NEWSROOM_REDIS_RETRY_SECONDS,
            )

    def succeeded(self):
        if self._down_since is None:
            return
        with self._lock:
            since, self._down_since = self._down_since, None
        if since is not None:
            logger.info("%s answers again after %.0f s", self.name, time.monotonic() - since)

    def reset(self):
        """Forget any outage (tests, and a process that forked)."""
        with self._lock:
            self._down_since = None
            self._retry_at = 0.0


redis = Breaker("Redis")
