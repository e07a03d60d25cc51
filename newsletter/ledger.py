"""The delivery ledger: every newsletter message is a row, claimed before it is sent.

Life of a row (``Delivery``)::

    pending ──claim──▶ sending ──SMTP accepted──▶ sent
       ▲                  │ ├──temporary failure (4xx, connection)──▶ pending, later
       └──lease expired───┘ └──permanent failure (5xx)──────────────▶ failed / bounced

* A row is created (unique per send and subscriber) before anything is sent, so planning the
  same period twice creates nothing new.
* ``claim`` takes a few claimable rows under ``select_for_update(skip_locked=True)``: each gets
  status ``sending``, a fresh ``attempt_id`` and a lease. Two workers never hold the same row.
* After the SMTP server accepted a message its row is marked ``sent`` at once, guarded by the
  attempt id, before the next message is handed over.
* A worker that dies (SIGKILL, OOM, lost host) leaves its claimed rows in ``sending``; when
  their lease expires any worker claims them again and sends them.

That last point makes delivery *at least once* in one narrow window: if a worker dies after
the server accepted a message (its ``250`` reply) and before the ``sent`` mark committed, the
message is sent again. The alternative, never re-sending a row found in ``sending``, makes
delivery *at most once*, and every crash would then cost the in-flight subscriber their digest
(the row being sent when a worker dies has almost always not been accepted yet: the window
between acceptance and the mark is one UPDATE, the window before it a whole SMTP exchange).
We prefer a rare duplicate to a silent loss; the re-sent message has the same Message-ID, by
which mail providers recognise and usually drop it.

On PostgreSQL a sending batch commits with ``synchronous_commit = off``: a commit is in the
server's memory when the statement returns, which survives any crash of the worker; only a
crash of the database server itself within a fraction of a second could lose the last claims
and marks, and those messages would then be sent again (the same trade-off as above). The
setting is reset when the batch ends.
"""

import logging
import uuid
from contextlib import contextmanager
from datetime import timedelta

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F, Max, Q
from django.utils import timezone

from .models import Delivery, Send

logger = logging.getLogger(__name__)

OPEN = (Delivery.Status.PENDING, Delivery.Status.SENDING)


def claimable(now):
    return Q(
        status=Delivery.Status.PENDING,
        next_attempt_at__lte=now,
        attempts__lt=settings.NEWSLETTER_MAX_ATTEMPTS,
    ) | Q(
        status=Delivery.Status.SENDING,
        lease_until__lt=now,
        attempts__lt=settings.NEWSLETTER_MAX_ATTEMPTS,
    )


def lease_length():
    return timedelta(seconds=settings.NEWSLETTER_LEASE_SECONDS)


def plan(send, rows):
    """Create ledger rows (``Delivery`` instances, unsaved); existing ones are left alone."""
    if rows:
        Delivery.objects.bulk_create(rows, ignore_conflicts=True)


def open_rows(send, subscriber_ids):
    """Primary keys of the rows of ``send`` for these subscribers not finished yet."""
    return list(
        Delivery.objects.filter(send=send, subscriber_id__in=subscriber_ids, status__in=OPEN)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def claim(row_pks):
    """Claim those of these rows that can be claimed now: (attempt id, rows).

    Rows another worker holds (a live lease, or locked right now) are skipped, not waited for.
    """
    now = timezone.now()
    attempt = uuid.uuid4()
    scope = Delivery.objects.filter(pk__in=list(row_pks))
    limit = len(row_pks)
    with transaction.atomic():
        # Rows whose workers died too often (a message that crashes the worker, say).
        scope.filter(
            status__in=OPEN,
            attempts__gte=settings.NEWSLETTER_MAX_ATTEMPTS,
            lease_until__lt=now,
        ).update(status=Delivery.Status.FAILED, error="gave up: too many attempts")
        pks = list(
            scope.select_for_update(skip_locked=True)
            .filter(claimable(now))
            .order_by("pk")
            .values_list("pk", flat=True)[:limit]
        )
        if not pks:
            return attempt, []
        Delivery.objects.filter(pk__in=pks).update(
            status=Delivery.Status.SENDING,
            attempt_id=attempt,
            lease_until=now + lease_length(),
            attempts=F("attempts") + 1,
            error="",
        )
    rows = list(Delivery.objects.filter(pk__in=pks, attempt_id=attempt).order_by("pk"))
    return attempt, rows


def extend_lease(attempt):
    """Keep the rows of a long-running claim ours."""
    return Delivery.objects.filter(attempt_id=attempt, status=Delivery.Status.SENDING).update(
        lease_until=timezone.now() + lease_length()
    )


def _finish(row, attempt, **changes):
    mine = Delivery.objects.filter(pk=row.pk, attempt_id=attempt, status=Delivery.Status.SENDING)
    return _check(mine.update(**changes), row, attempt)


def _check(updated, row, attempt):
    if not updated:
        # Our lease ran out and another worker took the row over: it may send it again.
        logger.warning("newsletter: lost the claim on delivery %s (attempt %s)", row.pk, attempt)
    return updated


def mark_sent(row, attempt):
    """The hot path (once per message): one plain UPDATE, without the ORM's query building."""
    meta = Delivery._meta
    sql = (
        f"UPDATE {meta.db_table} SET status = %s, sent_at = %s, error = '' "
        "WHERE id = %s AND attempt_id = %s AND status = %s"
    )
    params = [
        Delivery.Status.SENT.value,
        meta.get_field("sent_at").get_db_prep_value(timezone.now(), connection),
        row.pk,
        meta.get_field("attempt_id").get_db_prep_value(attempt, connection),
        Delivery.Status.SENDING.value,
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        updated = cursor.rowcount
    return _check(updated, row, attempt)


@contextmanager
def asynchronous_commits():
    """PostgreSQL: while a batch sends, its commits do not wait for the disk (see above)."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit TO OFF")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET synchronous_commit")


def mark_skipped(row, attempt, reason):
    return _finish(row, attempt, status=Delivery.Status.SKIPPED, error=reason[:500])


def mark_failed(row, attempt, error, bounced=False):
    status = Delivery.Status.BOUNCED if bounced else Delivery.Status.FAILED
    return _finish(row, attempt, status=status, error=str(error)[:500])


def mark_retry(row, attempt, error):
    """A temporary failure: try again later, backing off exponentially, up to the limit."""
    attempts = row.attempts  # as claimed: this try included
    if attempts >= settings.NEWSLETTER_MAX_ATTEMPTS:
        return mark_failed(row, attempt, f"gave up after {attempts} attempts: {error}")
    delay = settings.NEWSLETTER_RETRY_DELAY * 2 ** max(attempts - 1, 0)
    return _finish(
        row,
        attempt,
        status=Delivery.Status.PENDING,
        next_attempt_at=timezone.now() + timedelta(seconds=delay),
        error=str(error)[:500],
    )


def release(rows, attempt):
    """Hand back rows claimed but not tried (the batch stopped early); the try does not count."""
    return Delivery.objects.filter(
        pk__in=[row.pk for row in rows], attempt_id=attempt, status=Delivery.Status.SENDING
    ).update(
        status=Delivery.Status.PENDING,
        attempts=F("attempts") - 1,
        lease_until=None,
        next_attempt_at=timezone.now() + timedelta(seconds=settings.NEWSLETTER_RETRY_DELAY),
    )


def waiting(send, subscriber_ids):
    """(count, seconds until the first of them can be claimed) of rows still open."""
    rows = Delivery.objects.filter(send=send, subscriber_id__in=subscriber_ids, status__in=OPEN)
    rows = rows.filter(attempts__lt=settings.NEWSLETTER_MAX_ATTEMPTS)
    now = timezone.now()
    moments = []
    count = 0
    for status, next_attempt_at, lease_until in rows.values_list(
        "status", "next_attempt_at", "lease_until"
    ):
        count += 1
        moment = next_attempt_at if status == Delivery.Status.PENDING else lease_until
        moments.append(moment or now)
    if not count:
        return 0, None
    return count, max((min(moments) - now).total_seconds(), 0)


def previous_digest_ends(subscriber_ids, exclude_period):
    """For each subscriber, where their last digest's content window ended."""
    return dict(
        Delivery.objects.filter(
            subscriber_id__in=subscriber_ids,
            status=Delivery.Status.SENT,
            send__kind__in=(Send.Kind.DAILY, Send.Kind.WEEKLY),
        )
        .exclude(send__period=exclude_period)
        .values("subscriber_id")
        .annotate(last=Max("until"))
        .values_list("subscriber_id", "last")
    )
