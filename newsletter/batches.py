"""One batch of subscribers of one send: plan its ledger rows, then claim, send and mark
them a few at a time over one connection (see ``ledger`` for the life of a row)."""

import logging
import time
from collections import Counter
from datetime import timedelta

from celery import shared_task
from django.conf import settings

from . import ledger, suppression
from .emails import subscriber_links
from .mailer import Mailer, classify
from .message_templates import Templates
from .models import Delivery, Send, Subscriber
from .planning import DIGEST_KINDS, eligible

logger = logging.getLogger(__name__)

MAX_BATCH_RETRIES = 48


class Batch:
    """One batch of subscribers of one send."""

    def __init__(self, send, subscriber_ids):
        self.send = send
        self.ids = list(subscriber_ids)
        self.subscribers = {
            subscriber.pk: subscriber
            for subscriber in Subscriber.objects.filter(pk__in=self.ids).prefetch_related("topics")
        }
        self.templates = Templates(send)

    def plan(self):
        """Unsaved ledger rows for subscribers who have something to receive and no row yet."""
        send = self.send
        existing = set()
        if send.pk:
            existing = set(
                Delivery.objects.filter(send=send, subscriber_id__in=self.ids).values_list(
                    "subscriber_id", flat=True
                )
            )
        ends = {}
        if send.kind in DIGEST_KINDS:
            ends = ledger.previous_digest_ends(self.ids, exclude_period=send.period)
        rows = []
        for pk in self.ids:
            subscriber = self.subscribers.get(pk)
            if pk in existing or not eligible(send, subscriber):
                continue
            since = None
            if send.kind in DIGEST_KINDS:
                moments = [ends.get(pk), subscriber.consent_at]
                since = max((moment for moment in moments if moment), default=None)
                # Someone who missed digests for months gets the recent ones, not a flood.
                floor = send.cutoff - timedelta(days=31)
                since = max(since, floor) if since else floor
            items = self.templates.items(subscriber, since)
            if not items and send.kind != Send.Kind.WELCOME:
                continue
            rows.append(
                Delivery(
                    send=send,
                    subscriber=subscriber,
                    since=since,
                    until=send.cutoff,
                    item_count=len(items),
                )
            )
        return rows

    def deliver(self):
        """Plan, then send every claimable row of the batch over one connection. Returns a
        summary. Rows are claimed a few at a time; each is marked before the next message is
        handed over (at most one accepted-but-unmarked message: the window ``ledger``
        describes). Parallelism comes from running several batches (Celery concurrency)."""
        ledger.plan(self.send, self.plan())
        candidates = ledger.open_rows(self.send, self.ids)
        size = settings.NEWSLETTER_CLAIM_SIZE
        chunks = [candidates[start : start + size] for start in range(0, len(candidates), size)]
        with ledger.asynchronous_commits():
            outcomes = self._work(chunks)
        waiting, retry_in = ledger.waiting(self.send, self.ids)
        return {"outcomes": dict(outcomes), "waiting": waiting, "retry_in": retry_in}

    def claimed(self, chunks):
        """(attempt, row) for every row of ``chunks`` claimed, renewing long-held claims."""
        lease = settings.NEWSLETTER_LEASE_SECONDS
        for chunk in chunks:
            attempt, rows = ledger.claim(chunk)
            if not rows:
                continue
            self._refresh(rows)
            claimed_at = time.monotonic()
            for index, row in enumerate(rows):
                if time.monotonic() - claimed_at > lease / 2:
                    ledger.extend_lease(attempt)
                    claimed_at = time.monotonic()
                try:
                    yield attempt, row
                except GeneratorExit:
                    # Stopped early: the rows after this one were never tried; hand them back.
                    ledger.release(rows[index + 1 :], attempt)
                    raise

    def _work(self, chunks):
        """Claim, send, mark, next."""
        outcomes = Counter()
        mailer = Mailer()
        rows = self.claimed(chunks)
        try:
            for attempt, row in rows:
                prepared = self._prepare(row, attempt, mailer.smtp)
                if isinstance(prepared, str):
                    outcomes[prepared] += 1
                    continue
                try:
                    mailer.send(prepared)
                except Exception as exc:
                    outcome = self._record(row, attempt, prepared, exc)
                    if outcome == "reset":
                        mailer.reset()
                        outcome = "deferred"
                else:
                    outcome = self._record(row, attempt, prepared, None)
                outcomes[outcome] += 1
                if mailer.broken:
                    break
        finally:
            rows.close()
            mailer.close()
        return outcomes

    def _prepare(self, row, attempt, smtp):
        """The message for a claimed row, or the outcome when there is nothing to send."""
        subscriber = self.subscribers.get(row.subscriber_id)
        if not eligible(self.send, subscriber):
            ledger.mark_skipped(row, attempt, "no longer subscribed to this")
            return "skipped"
        template = self.templates.template(subscriber, row.since)
        if template is None:
            ledger.mark_skipped(row, attempt, "nothing to send any more")
            return "skipped"
        return template.personalise(
            subscriber.email, subscriber_links(subscriber), row.message_id, smtp=smtp
        )

    def _record(self, row, attempt, email, exc):
        """Mark a row after the mail server answered (``exc`` None: accepted)."""
        if exc is None:
            ledger.mark_sent(row, attempt)
            return "sent"
        verdict = classify(exc)
        if verdict is None:
            ledger.release([row], attempt)
            raise exc
        logger.warning("newsletter: delivery %s: %s (%s)", row.pk, exc, verdict)
        if verdict == "bounce":
            ledger.mark_failed(row, attempt, exc, bounced=True)
            suppression.suppress(
                email.to[0], f"rejected at send time: {exc}", bounced_delivery=False
            )
            return "bounced"
        if verdict == "fail":
            ledger.mark_failed(row, attempt, exc)
            return "failed"
        ledger.mark_retry(row, attempt, exc)
        return "reset" if verdict == "reset" else "deferred"

    def _refresh(self, rows):
        """Subscribers may have left or changed since the batch started: re-read their state."""
        ids = {row.subscriber_id for row in rows}
        current = Subscriber.objects.filter(pk__in=ids).values_list(
            "pk", "status", "frequency", "language"
        )
        for pk, status, frequency, language in current:
            subscriber = self.subscribers.get(pk)
            if subscriber is not None:
                subscriber.status, subscriber.frequency = status, frequency
                subscriber.language = language
            ids.discard(pk)
        for pk in ids:  # erased meanwhile
            self.subscribers.pop(pk, None)


def deliver(send_id, subscriber_ids):
    send = Send.objects.select_related("page", "page__locale").filter(pk=send_id).first()
    if send is None:  # deleted since the batch was queued
        return {"outcomes": {}, "waiting": 0, "retry_in": None}
    return Batch(send, subscriber_ids).deliver()


@shared_task(name="newsletter.deliver_batch", bind=True, acks_late=True, max_retries=None)
def deliver_batch(self, send_id, subscriber_ids):
    """Deliver one batch. Rows that must wait (SMTP back-off, another worker's lease) make the
    task come back when they can be claimed; without a broker the next run picks them up."""
    result = deliver(send_id, subscriber_ids)
    if result["waiting"] and not self.request.is_eager:
        if self.request.retries < MAX_BATCH_RETRIES:
            countdown = min(max(result["retry_in"] or 0, 1) + 1, 60 * 60)
            # Come back on the queue this batch came from (a dedicated newsletter queue, say).
            queue = (self.request.delivery_info or {}).get("routing_key")
            raise self.retry(countdown=countdown, **({"queue": queue} if queue else {}))
        logger.warning("newsletter: batch of send %s still has open rows", send_id)
    return result
