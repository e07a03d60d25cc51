"""The outbox: Celery work stored in the database with what caused it, so a broker that is
down (Redis stopped) loses nothing and nothing runs twice.

Life of a job (``OutboxJob``)::

    waiting ──handed to the broker──► dispatched ──a worker ran it──► done
       ▲    (after the commit,              │
       │     or by the drain)               │ not done LEASE later (broker lost it,
       └────────────────────────────────────┘ worker died, SMTP kept failing)

* ``enqueue(task, *args)`` writes the row in the caller's transaction: a sign-up and the email
  it owes are stored together or not at all. After the commit the job is handed to the broker
  at once, unless the Redis breaker is open (``newsroom.core.breaker``) or the hand-over fails;
  either way the row waits.
* ``drain()`` (beat, every minute; ``manage.py run_scheduler`` without a broker) hands over
  every job still waiting, and again any job handed over ``NEWSROOM_OUTBOX_LEASE`` seconds ago
  and still not done, up to ``NEWSROOM_OUTBOX_MAX_ATTEMPTS`` times.
* ``run(pk)`` is what the worker does: it claims the row under
  ``select_for_update(skip_locked=True)`` (``running_until``, a lease), runs the task's body
  outside that transaction (so work the body hands to Celery sees what it committed), then
  marks the row done. A job handed over twice runs once: the second finds it done, or
  claimed by the first, and does nothing. A failure releases the claim for the retry.

As in the newsletter's ledger, delivery is *at least once* in one narrow window: a worker
killed after the SMTP server accepted a message and before the done mark leaves the job
claimed, and once the claim's lease ends it is sent again. The tasks the outbox carries also
guard themselves where they can (registrations record each message they sent, under a row
lock).

Without a broker (``make run``, the tests) the job runs in the committing process, right
after the commit, like any eager Celery task.
"""

import logging
from contextlib import contextmanager
from datetime import timedelta

from celery import current_app
from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.db.transaction import on_commit
from django.utils import timezone

from .breaker import redis as breaker
from .models import OutboxJob

logger = logging.getLogger(__name__)

RUN_TASK = "newsroom.core.outbox_run"
DRAIN_BATCH = 500
KEEP_DONE = timedelta(days=7)


def enqueue(task, *args, **kwargs):
    """Store a call of Celery task ``task`` (the task or its name) in the current transaction;
    it is handed to the broker once that commits. Arguments must be JSON."""
    job = OutboxJob.objects.create(task=getattr(task, "name", task), args=args, kwargs=kwargs)
    pk = job.pk
    on_commit(lambda: dispatch([pk]))
    return job


def eager():
    return bool(current_app.conf.task_always_eager)


def dispatch(pks):
    """Hand jobs to the broker now (run them, without one). Returns how many were handed
    over; the others wait for the drain."""
    if eager():
        for pk in pks:
            _handed_over(pk)
            _run_here(pk)
        return len(pks)
    if not pks or breaker.is_open():
        return 0
    sent = 0
    try:
        with broker_connection() as connection:
            for pk in pks:
                current_app.send_task(
                    RUN_TASK, args=[pk], connection=connection, retry=False, ignore_result=True
                )
                _handed_over(pk)
                sent += 1
    except Exception as exc:  # kombu's OperationalError, redis-py's and socket errors
        breaker.failed(exc)
        return sent
    breaker.succeeded()
    return sent


def _handed_over(pk):
    OutboxJob.objects.filter(pk=pk).update(dispatched_at=timezone.now(), attempts=F("attempts") + 1)


@contextmanager
def broker_connection():
    """A connection to the broker that gives up after NEWSROOM_REDIS_TIMEOUT, once."""
    timeout = settings.NEWSROOM_REDIS_TIMEOUT
    # Celery's broker_connection_timeout would win over a connect_timeout argument, so set it
    # on the connection itself; Redis reads its socket timeouts from the transport options.
    connection = current_app.connection_for_write(
        transport_options={"socket_connect_timeout": timeout, "socket_timeout": timeout}
    )
    connection.connect_timeout = timeout
    with connection:
        connection.ensure_connection(max_retries=0, timeout=timeout)
        yield connection


def _run_here(pk):
    try:
        return run(pk)
    except Exception:
        if current_app.conf.task_eager_propagates:
            raise
        logger.exception("outbox job %s failed; the drain tries it again", pk)
        return False


def claim(pk):
    """The job, claimed for this call, or None when it is done or claimed elsewhere."""
    now = timezone.now()
    with transaction.atomic():
        job = (
            OutboxJob.objects.select_for_update(skip_locked=True)
            .filter(Q(running_until__isnull=True) | Q(running_until__lt=now))
            .filter(pk=pk, done_at__isnull=True)
            .first()
        )
        if job is None:
            return None
        job.running_until = now + timedelta(seconds=settings.NEWSROOM_OUTBOX_LEASE)
        job.save(update_fields=["running_until"])
    return job


def run(pk):
    """Run job ``pk`` unless it is done or running elsewhere. True when this call ran it."""
    job = claim(pk)
    if job is None:
        return False
    try:
        # The task's body, here: Celery would not know this job is already done.
        current_app.tasks[job.task].run(*job.args, **job.kwargs)
    except Exception as exc:
        OutboxJob.objects.filter(pk=pk).update(
            running_until=None, error=f"{type(exc).__name__}: {exc}"[:2000]
        )
        raise
    OutboxJob.objects.filter(pk=pk).update(done_at=timezone.now(), running_until=None, error="")
    return True


def waiting(now=None):
    """Jobs the drain hands over: never handed over, or handed over a lease ago, not done."""
    now = now or timezone.now()
    lease = now - timedelta(seconds=settings.NEWSROOM_OUTBOX_LEASE)
    return OutboxJob.objects.filter(
        Q(dispatched_at__isnull=True) | Q(dispatched_at__lt=lease),
        done_at__isnull=True,
        attempts__lt=settings.NEWSROOM_OUTBOX_MAX_ATTEMPTS,
    )


def drain(now=None):
    """Hand over every waiting job (oldest first); forget jobs done a week ago. Returns how
    many were handed over."""
    now = now or timezone.now()
    OutboxJob.objects.filter(done_at__lt=now - KEEP_DONE).delete()
    handed = 0
    while True:
        oldest_first = waiting(now).order_by("created_at", "pk")
        pks = list(oldest_first.values_list("pk", flat=True)[:DRAIN_BATCH])
        sent = dispatch(pks)
        handed += sent
        # Handed-over jobs leave waiting(now); stop at the last batch or a broker failure.
        if len(pks) < DRAIN_BATCH or sent < len(pks):
            return handed
