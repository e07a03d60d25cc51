"""Coalescing: feed keys waiting for a rebuild, and at most one rebuild task scheduled.

A change adds its keys to the pending set; only the change that finds no task scheduled sends
one. The task first clears the "scheduled" mark and notes when it started, then takes every
pending key and builds them once. A task is sent to run at once when no rebuild started in the
last ``FEEDS_COALESCE_SECONDS``, else when that window is over: a lone publish reaches its feeds
without waiting, and a burst of publishes (a hundred in a second) costs about one build a
window, not a hundred: every change lands in a set that one task drains.

With a Redis broker the set and the mark live in Redis (shared by web processes and workers,
namespaced by the store, FEEDS_ROOT or the bucket, so two stores never share a queue). Without
one (eager Celery) they live in this process and the task runs at once; changes are still
merged per transaction. While Redis is down (``newsroom.core.breaker``) ``add`` raises at
once, and the caller keeps the keys in the outbox instead (``tasks.enqueue``).
"""

import hashlib
import threading
import time

import redis
from celery import current_app
from django.conf import settings

from newsroom.core.breaker import redis as breaker

from .store import store_id

# A lost task (worker killed) must not block scheduling for ever: the mark expires.
SCHEDULED_TTL = 60


def namespace():
    digest = hashlib.sha1(store_id().encode(), usedforsecurity=False).hexdigest()
    return f"newsroom:feeds:{digest[:12]}"


class LocalPending:
    def __init__(self):
        self._lock = threading.Lock()
        self._keys = set()
        self._scheduled = False
        self._started = None

    def add(self, keys):
        """Queue ``keys``; True when the caller must schedule the rebuild task."""
        with self._lock:
            self._keys.update(keys)
            if self._scheduled:
                return False
            self._scheduled = True
            return True

    def release(self):
        with self._lock:
            self._scheduled = False

    def take(self):
        with self._lock:
            keys, self._keys = self._keys, set()
            return keys

    def started(self):
        self._started = time.time()

    def last_started(self):
        return self._started


class RedisPending:
    def __init__(self, url):
        timeout = settings.NEWSROOM_REDIS_TIMEOUT
        self.client = redis.Redis.from_url(
            url, socket_connect_timeout=timeout, socket_timeout=timeout
        )
        base = namespace()
        self.keys_name = f"{base}:pending"
        self.mark_name = f"{base}:scheduled"
        self.started_name = f"{base}:started"

    def add(self, keys):
        if breaker.is_open():
            raise redis.ConnectionError("Redis is down (circuit breaker open)")
        pipe = self.client.pipeline()
        pipe.sadd(self.keys_name, *keys)
        pipe.set(self.mark_name, 1, nx=True, ex=SCHEDULED_TTL)
        try:
            _added, scheduled = pipe.execute()
        except redis.ConnectionError as exc:  # TimeoutError is one too
            breaker.failed(exc)
            raise
        breaker.succeeded()
        return bool(scheduled)

    def release(self):
        self.client.delete(self.mark_name)

    def take(self):
        pipe = self.client.pipeline()  # MULTI/EXEC: nothing added in between is lost
        pipe.smembers(self.keys_name)
        pipe.delete(self.keys_name)
        members, _deleted = pipe.execute()
        return {member.decode() for member in members}

    def started(self):
        self.client.set(self.started_name, time.time(), ex=SCHEDULED_TTL)

    def last_started(self):
        """When the last rebuild started, by the clock of the machine that ran it (nodes keep
        their clocks in step; a skew only moves the next rebuild within one window)."""
        value = self.client.get(self.started_name)
        return float(value) if value is not None else None


_local = LocalPending()
_clients = {}


def get_pending():
    url = str(current_app.conf.broker_url or "")
    if url.startswith(("redis://", "rediss://")):
        key = (url, namespace())
        if key not in _clients:
            _clients[key] = RedisPending(url)
        return _clients[key]
    return _local
