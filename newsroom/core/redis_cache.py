"""The Django cache on Redis, failing open: while Redis is down it behaves as an empty cache.

django-redis's ``IGNORE_EXCEPTIONS`` turns a failed call into a miss (``get`` answers the
default, ``set``/``add``/``incr``/``delete`` answer None); this backend adds short socket
timeouts and the circuit breaker of ``newsroom.core.breaker``, so a dead or unreachable Redis
costs a request at most one timeout every few seconds per process, and the outage is logged
once (``newsroom.redis``), not on every call. Callers that count in the cache must read None
as "unknown" and let the request through (see the rate limits).

``probe()`` is the one call that raises: ``/healthz`` uses it to say Redis is down.
"""

from django.conf import settings
from django_redis.cache import RedisCache
from django_redis.exceptions import ConnectionInterrupted

from .breaker import redis as breaker

# Calls that do not reach the server (Django closes every cache after each request).
LOCAL_CALLS = {"close"}


class GuardedClient:
    """Wraps django-redis's client: refuses calls while the breaker is open, reports
    failures and successes to it."""

    def __init__(self, client):
        self._client = client

    def __getattr__(self, name):
        attribute = getattr(self._client, name)
        if name in LOCAL_CALLS or not callable(attribute):
            return attribute

        def call(*args, **kwargs):
            if breaker.is_open():
                raise ConnectionInterrupted(connection=None)
            try:
                result = attribute(*args, **kwargs)
            except ConnectionInterrupted as exc:
                breaker.failed(exc.__cause__ or exc)
                raise
            breaker.succeeded()
            return result

        return call


class FailOpenRedisCache(RedisCache):
    def __init__(self, server, params):
        timeout = settings.NEWSROOM_REDIS_TIMEOUT
        options = {
            "SOCKET_CONNECT_TIMEOUT": timeout,
            "SOCKET_TIMEOUT": timeout,
            **params.get("OPTIONS", {}),
            "IGNORE_EXCEPTIONS": True,
        }
        super().__init__(server, {**params, "OPTIONS": options})

    @property
    def client(self):
        return GuardedClient(RedisCache.client.fget(self))

    def get_many(self, keys, version=None):
        # django-redis answers a failed get_many with one shared dict object: a caller that
        # added to its miss (the API's items) handed its values to every later miss, such as
        # Wagtail's rendition lookups. Each caller gets a dict of its own.
        return dict(super().get_many(keys, version=version))

    def probe(self):
        """A PING that raises when Redis does not answer; it skips the breaker (a health
        check must see recovery at once) but tells it what it found."""
        try:
            RedisCache.client.fget(self).get_client(write=True).ping()
        except Exception as exc:
            breaker.failed(exc)
            raise
        breaker.succeeded()
