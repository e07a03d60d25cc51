"""Celery tasks that build feeds, and ``schedule()``, which coalesces changes into them.

``schedule(keys)`` is called by the signal receivers. The keys of one transaction are
gathered and handed over once it commits (so the worker reads what was saved); the first
hand-over with no rebuild pending sends ``rebuild_pending`` (at once, or when the coalescing
window of the last rebuild is over), later ones only add their keys (see ``pending``).
Without a broker Celery runs the task at once, in the committing process: the same code,
synchronously. While Redis is down the keys wait in the
outbox (``newsroom.core.outbox``) for ``rebuild_keys``, so a publish still reaches the feeds.
"""

import logging
import threading
import time

import redis
from celery import shared_task
from django.conf import settings
from django.db import transaction

from newsroom.core import outbox
from newsroom.core.outbox import eager

from .building import rebuild
from .pending import get_pending

logger = logging.getLogger(__name__)

_transaction_keys = threading.local()


def _buffer():
    keys = getattr(_transaction_keys, "keys", None)
    if keys is None:
        keys = _transaction_keys.keys = set()
    return keys


def schedule(keys):
    """Rebuild the feeds named by ``keys`` (keys or tokens) after the transaction commits."""
    keys = set(keys)
    if not keys:
        return
    connection = transaction.get_connection()
    buffer = _buffer()
    if connection.in_atomic_block and not connection.run_on_commit:
        # Nothing of ours is waiting for a commit: keys left over are from a rolled-back one.
        buffer.clear()
    buffer.update(keys)
    # Every change registers the hand-over; the first to run takes the whole buffer.
    transaction.on_commit(flush, robust=True)


def flush():
    buffer = _buffer()
    keys = set(buffer)
    buffer.clear()
    if keys:
        enqueue(keys)


def enqueue(keys):
    pending = get_pending()
    try:
        first = pending.add(keys)
    except redis.ConnectionError:
        outbox.enqueue(rebuild_keys, sorted(keys))  # built once the worker is back
        return
    if not first:
        return  # a rebuild is already scheduled and will take these keys too
    try:
        send_rebuild(pending)
    except Exception:
        pending.release()
        raise


def send_rebuild(pending):
    if eager():
        # The task's own body, here and now. (Going through apply() would also work, but
        # it binds a result backend to this thread that later non-eager sends would reuse.)
        rebuild_pending()
    else:
        rebuild_pending.apply_async(countdown=countdown(pending.last_started()))


def countdown(last_started):
    """Seconds until the next rebuild may start: none if the last one started a whole window
    ago (or never), else the rest of its window."""
    if last_started is None:
        return 0
    return max(0.0, last_started + settings.FEEDS_COALESCE_SECONDS - time.time())


@shared_task(name="newsroom.feeds.rebuild_pending", ignore_result=True)
def rebuild_pending():
    """Build every pending key once. Clearing the mark first means that a change arriving
    while this runs schedules the next rebuild instead of being lost."""
    pending = get_pending()
    pending.release()
    pending.started()
    keys = pending.take()
    if keys:
        build = rebuild(keys)
        logger.info("feeds rebuilt: %s", ", ".join(build.built) or "none")


@shared_task(name="newsroom.feeds.rebuild_keys", ignore_result=True)
def rebuild_keys(keys):
    """Build these feeds now: changes kept by the outbox while Redis was down."""
    build = rebuild(set(keys))
    logger.info("feeds rebuilt: %s", ", ".join(build.built) or "none")


@shared_task(name="newsroom.feeds.rebuild_all", ignore_result=True)
def rebuild_all():
    """Every feed and calendar of every language (hourly, from beat)."""
    build = rebuild({"*"})
    logger.info("feeds rebuilt: %d artefact families", len(build.built))
