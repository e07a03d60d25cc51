"""Beat exactly once with several candidates: the scheduler leads only while it holds a lock.

Every node may run `celery beat` (docker-compose scales it like the rest). Each candidate
runs django-celery-beat's DatabaseScheduler, but sends tasks only while it holds the Redis
key ``newsroom:beat:<database>:leader`` (a lock with a time-to-live of
NEWSROOM_BEAT_LOCK_SECONDS, renewed at every tick, at least three times per period). A
candidate that is killed stops renewing; its lock expires and the next candidate to tick
takes it, so the schedule goes on within one period plus one tick (about 40 s by default).

    standing by ──lock free──► leading ──renewal fails (lock lost, Redis down)──► standing by

A new leader reads the schedule from the database first: the previous leader saved each
entry's last run as soon as it sent it (CELERY_BEAT_SYNC_EVERY = 1), so nothing already sent
is sent again, except a task the old leader sent in its last instant before dying. The
scheduled tasks are idempotent (publishing, feed rebuilds, the outbox drain and the digest
ledger all check before acting), which makes that rare repeat harmless.

Without Redis (``make run`` runs no beat; ``manage.py run_scheduler`` schedules in-process)
there is nothing to share and the scheduler always leads.
"""

import contextlib
import hashlib
import logging
import os
import socket

import redis
from django.conf import settings
from django_celery_beat.schedulers import DatabaseScheduler
from redis.exceptions import LockError, RedisError

logger = logging.getLogger("newsroom.beat")


def lock_name():
    """One leader per schedule, and the schedule is the database's: candidates that share a
    database compete, other deployments (or test runs) on the same Redis do not."""
    database = settings.DATABASES["default"]
    where = f"{database.get('HOST', '')}:{database.get('PORT', '')}/{database['NAME']}"
    digest = hashlib.sha1(where.encode(), usedforsecurity=False).hexdigest()[:12]
    return f"newsroom:beat:{digest}:leader"


class LeaderDatabaseScheduler(DatabaseScheduler):
    def __init__(self, *args, **kwargs):
        self.lock_seconds = settings.NEWSROOM_BEAT_LOCK_SECONDS
        self.identity = f"{socket.gethostname()}:{os.getpid()}"
        self.leading = False
        self._lock = None
        if settings.REDIS_URL:
            client = redis.Redis.from_url(
                settings.REDIS_URL, socket_connect_timeout=5, socket_timeout=5
            )
            self._lock = client.lock(
                lock_name(), timeout=self.lock_seconds, blocking=False, thread_local=False
            )
        super().__init__(*args, **kwargs)

    def hold_lock(self):
        """True while this candidate leads: takes the free lock or renews its own."""
        if self._lock is None:
            return True
        try:
            if self.leading:
                self._lock.reacquire()
                return True
            return bool(self._lock.acquire(token=self.identity))
        except (LockError, RedisError) as exc:
            if self.leading:
                logger.warning("beat %s: lost the leader lock (%s)", self.identity, exc)
            return False

    def tick(self, *args, **kwargs):
        holding = self.hold_lock()
        if holding and not self.leading:
            logger.info("beat %s: leading (the schedule is read again)", self.identity)
            # What the previous leader sent is in the database, not in this process's copy.
            self._initial_read = True
            self._heap = None
        elif self.leading and not holding:
            logger.info("beat %s: standing by", self.identity)
        self.leading = holding
        renew_every = self.lock_seconds / 3
        if not holding:
            return renew_every
        return min(super().tick(*args, **kwargs), renew_every)

    def close(self):
        if self.leading and self._lock is not None:
            with contextlib.suppress(LockError, RedisError):
                self._lock.release()  # a clean stop hands over at once
        super().close()
