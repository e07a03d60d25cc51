"""Celery tasks that build feeds, and ``schedule()``, which coalesces changes into them.

``schedule(keys)`` is called by the signal receivers. The keys of one transaction are
gathered and handed over once it commits (so the worker reads what was saved); the first
hand-over with no rebuild pending sends ``rebuild_pending`` with a short countdown, later ones
only add their keys (see ``pending``). Without a broker Celery runs the task at once, in the
committing process: the same code, synchronously. While Redis is down the keys wait in the
outbox (``newsroom.core.outbox``) for ``rebuild_keys``, so a publish still reaches the feeds.
"""

import logging
import threading
import urllib.error
import urllib.parse
import urllib.request

import redis
from celery import current_app, shared_task
from django.conf import settings
from django.db import transaction

from newsroom.core import outbox

from .builders import rebuild
from .pending import get_pending

logger = logging.getLogger(__name__)
HUB_TIMEOUT = 10

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
        send_rebuild()
    except Exception:
        pending.release()
        raise


def eager():
    return bool(current_app.conf.task_always_eager)


def send_rebuild():
    if eager():
        # The task's own body, here and now. (Going through apply() would also work, but
        # it binds a result backend to this thread that later non-eager sends would reuse.)
        rebuild_pending()
    else:
        rebuild_pending.apply_async(countdown=settings.FEEDS_COALESCE_SECONDS)


def send_ping(urls):
    if eager():
        ping_hub(urls)
    else:
        websub_ping.delay(urls)


@shared_task(name="newsroom.feeds.rebuild_pending", ignore_result=True)
def rebuild_pending():
    """Build every pending key once. Clearing the mark first means that a change arriving
    while this runs schedules the next rebuild instead of being lost."""
    pending = get_pending()
    pending.release()
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


def ping_hub(urls):
    """Tell the WebSub hub that these feeds changed (hub.mode=publish, one topic per POST).
    Returns the URLs the hub did not accept."""
    hub = settings.WEBSUB_HUB_URL
    if not hub:
        return []
    failed = []
    for url in urls:
        body = urllib.parse.urlencode({"hub.mode": "publish", "hub.url": url}).encode()
        request = urllib.request.Request(
            hub,
            data=body,
            method="POST",
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
        try:
            with urllib.request.urlopen(request, timeout=HUB_TIMEOUT) as response:
                response.read()
        except (urllib.error.URLError, OSError) as exc:
            logger.warning("WebSub hub %s refused %s: %s", hub, url, exc)
            failed.append(url)
    return failed


@shared_task(name="newsroom.feeds.websub_ping", bind=True, ignore_result=True, max_retries=5)
def websub_ping(self, urls):
    failed = ping_hub(urls)
    if failed:
        raise self.retry(args=[failed], countdown=60 * (self.request.retries + 1))
