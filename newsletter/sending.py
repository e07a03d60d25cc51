"""Sending: plan a send, deliver it batch by batch through the ledger (see ``ledger``).

``start_digest`` (beat, ``manage.py send_digests``) creates or reuses the period's ``Send`` and
hands its subscribers to ``tasks.deliver_batch`` in batches of NEWSLETTER_BATCH_SIZE ids,
walking the table by primary key so no full list is ever held. ``deliver_batch`` plans the
batch's ledger rows (only for subscribers with something new), then claims rows a few at a
time and sends each message over one SMTP connection.
"""

import contextlib
import logging
import smtplib
import threading
import time
from collections import Counter, OrderedDict
from datetime import timedelta

from celery.result import EagerResult
from django.conf import settings
from django.core.mail.message import sanitize_address
from django.db.models import Q
from django.utils import timezone

from . import content, ledger
from .emails import MessageTemplate, newsletter_connection, subscriber_links, uses_smtp
from .models import Delivery, Frequency, Send, Subscriber

logger = logging.getLogger(__name__)

DIGEST_KINDS = {Send.Kind.DAILY: Frequency.DAILY, Send.Kind.WEEKLY: Frequency.WEEKLY}
MAX_CONNECTION_FAILURES = 3  # in a row: the server is down, stop the batch and come back later
# 5xx replies to DATA that are about the mailbox, not the message: the address is dead.
MAILBOX_GONE = {550, 551, 553}


def period_for(kind, moment):
    local = timezone.localtime(moment)
    if kind == Send.Kind.DAILY:
        return f"daily:{local.date().isoformat()}"
    year, week, _day = local.isocalendar()
    return f"weekly:{year}-W{week:02d}"


def id_chunks(queryset, size):
    """Primary keys of ``queryset`` in ascending chunks (keyset pagination: no big list)."""
    last = 0
    while True:
        ids = list(queryset.filter(pk__gt=last).order_by("pk").values_list("pk", flat=True)[:size])
        if not ids:
            return
        yield ids
        last = ids[-1]


def digest_audience(frequency):
    return Subscriber.objects.receiving().filter(frequency=frequency)


def start_digest(frequency, now=None, dry_run=False):
    """Send ``frequency``'s digest for the current period to everyone with something new.

    Safe to run again: the period's ``Send`` (and its cut-off) is reused and rows already sent
    are not sent again. Returns a summary.
    """
    from .tasks import deliver_batch

    now = now or timezone.now()
    period = period_for(frequency, now)
    if dry_run:
        send = Send.objects.filter(period=period).first() or Send(
            kind=frequency, period=period, cutoff=now
        )
        planned = checked = 0
        for ids in id_chunks(digest_audience(frequency), settings.NEWSLETTER_BATCH_SIZE):
            batch = Batch(send, ids)
            planned += len(batch.plan())
            checked += len(ids)
        return {"period": period, "subscribers": checked, "digests": planned, "dry_run": True}
    send, _created = Send.objects.get_or_create(
        period=period, defaults={"kind": frequency, "cutoff": now}
    )
    return dispatch(send, digest_audience(frequency), deliver_batch)


def dispatch(send, audience, task):
    batches = subscribers = 0
    totals = Counter()
    queued = []
    for ids in id_chunks(audience, settings.NEWSLETTER_BATCH_SIZE):
        result = task.delay(send.pk, ids)
        batches += 1
        subscribers += len(ids)
        if isinstance(result, EagerResult):  # no broker: it ran already, here
            if isinstance(result.result, dict):
                totals.update(result.result.get("outcomes", {}))
        else:
            queued.append(result.id)
    return {
        "period": send.period,
        "send": send.pk,
        "batches": batches,
        "subscribers": subscribers,
        "outcomes": dict(totals),
        "tasks": queued,  # batches handed to the workers (with a broker)
    }


def start_alert(page):
    """Statement ``page`` was published: alert the 'immediate' subscribers of its language."""
    from .tasks import deliver_batch

    audience = alert_audience(page)
    if not audience.exists():
        return None
    send, _created = Send.objects.get_or_create(
        period=f"alert:{page.pk}",
        defaults={"kind": Send.Kind.ALERT, "cutoff": timezone.now(), "page": page},
    )
    return dispatch(send, audience, deliver_batch)


def alert_audience(page):
    audience = Subscriber.objects.receiving().filter(
        frequency=Frequency.IMMEDIATE, language=page.locale.language_code
    )
    keys = list(page.topics.values_list("translation_key", flat=True))
    if keys:
        audience = audience.filter(Q(topics__isnull=True) | Q(topics__translation_key__in=keys))
    return audience.distinct()


def welcome_send(now=None):
    now = now or timezone.now()
    send, _created = Send.objects.get_or_create(
        period=f"welcome:{timezone.localtime(now).date().isoformat()}",
        defaults={"kind": Send.Kind.WELCOME, "cutoff": now},
    )
    return send


def topic_keys(subscriber):
    """Translation keys of the subscriber's topics (from the prefetched relation), worked out
    once per subscriber object: a batch asks for them three times per message."""
    keys = getattr(subscriber, "_newsletter_topic_keys", None)
    if keys is None:
        keys = tuple(sorted(str(topic.translation_key) for topic in subscriber.topics.all()))
        subscriber._newsletter_topic_keys = keys
    return keys


class _Shared:
    """What the batches of one send have in common (its pages, its rendered messages), kept
    for a few minutes in the worker process so each is made once per send, not per batch.
    Bounded, so memory stays flat however many subscribers and batches there are."""

    SIZE = 64
    TTL = 300

    def __init__(self):
        self.entries = OrderedDict()
        self.lock = threading.Lock()  # for threaded Celery pools

    def get(self, key, make):
        now = time.monotonic()
        with self.lock:
            entry = self.entries.get(key)
            if entry is not None and entry[0] > now:
                self.entries.move_to_end(key)
                return entry[1]
        value = make()  # outside the lock: two threads may both make it, one is kept
        with self.lock:
            self.entries[key] = (now + self.TTL, value)
            self.entries.move_to_end(key)
            while len(self.entries) > self.SIZE:
                self.entries.popitem(last=False)
        return value

    def clear(self):
        with self.lock:
            self.entries.clear()


shared = _Shared()


class Templates:
    """Rendered messages of a send, by content (language, topics, window)."""

    def __init__(self, send):
        self.send = send
        # An unsaved send (a dry run) shares nothing with anyone.
        self.scope = (send.pk, send.period, send.cutoff) if send.pk else object()

    def _remember(self, store, key, make):
        return shared.get((self.scope, store, key), make)

    def items(self, subscriber, since=None):
        send = self.send
        language, keys = subscriber.language, topic_keys(subscriber)
        if send.kind in DIGEST_KINDS:
            key = (language, keys, since, send.cutoff)
            return self._remember(
                "items",
                key,
                lambda: content.pages(language, keys, since=since, until=send.cutoff),
            )
        if send.kind == Send.Kind.ALERT:
            return self._remember("items", "alert", self._alert_items)
        return self._remember("items", (language, keys), lambda: content.latest(language, keys))

    def _alert_items(self):
        page = self.send.page.specific if self.send.page else None
        if page is None or not page.live:
            return []
        item = content.to_item(page)
        return [item] if item else []

    def template(self, subscriber, since=None):
        items = self.items(subscriber, since)
        if not items and self.send.kind != Send.Kind.WELCOME:  # a welcome needs no news
            return None
        key = (subscriber.language, topic_keys(subscriber), subscriber.frequency, since)
        return self._remember("templates", key, lambda: self._render(subscriber, items))

    def _render(self, subscriber, items):
        kind = self.send.kind
        template = {
            Send.Kind.DAILY: "digest",
            Send.Kind.WEEKLY: "digest",
            Send.Kind.ALERT: "alert",
            Send.Kind.WELCOME: "welcome",
        }[kind]
        context = {
            "items": items,
            "count": len(items),
            "frequency": kind,
            "subscriber_frequency": subscriber.frequency,
        }
        return MessageTemplate.render(template, subscriber.language, context)


def eligible(send, subscriber):
    if subscriber is None or not subscriber.is_receiving:
        return False
    if send.kind in DIGEST_KINDS:
        return subscriber.frequency == DIGEST_KINDS[send.kind]
    if send.kind == Send.Kind.ALERT:
        page = send.page
        return (
            subscriber.frequency == Frequency.IMMEDIATE
            and page is not None
            and subscriber.language == page.locale.language_code
        )
    return True


class Mailer:
    """One connection to the newsletter backend for a batch; knows what a failure means."""

    def __init__(self):
        self.connection = newsletter_connection()
        self.smtp = uses_smtp(self.connection)
        self.opened = False
        self.failures_in_a_row = 0
        self.envelope_from = sanitize_address(settings.NEWSLETTER_FROM_EMAIL, "utf-8")

    def send(self, email):
        if not self.opened:
            self.connection.open()
            self.opened = True
        if self.smtp and email.prebuilt is not None and self.connection.connection:
            # Serialised already (emails.PersonalisedEmail): straight to smtplib, as
            # Django's backend would, without re-checking addresses checked when it was made.
            self.connection.connection.sendmail(self.envelope_from, email.to, email.prebuilt)
        else:
            self.connection.send_messages([email])
        self.failures_in_a_row = 0

    def reset(self):
        self.failures_in_a_row += 1
        self.close()

    @property
    def broken(self):
        return self.failures_in_a_row >= MAX_CONNECTION_FAILURES

    def close(self):
        if self.opened:
            with contextlib.suppress(Exception):  # closing a dead connection
                self.connection.close()
            self.opened = False


def classify(exc):
    """'bounce' (the address is dead), 'fail' (this message can never go), 'retry', 'reset'
    (retry, over a new connection) or None (not a mail error: let it raise)."""
    try:
        from anymail.exceptions import AnymailAPIError, AnymailRecipientsRefused
    except ImportError:  # pragma: no cover - anymail is a dependency
        AnymailAPIError = AnymailRecipientsRefused = ()  # noqa: N806
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _message in exc.recipients.values()]
        return "bounce" if codes and all(500 <= code < 600 for code in codes) else "retry"
    if isinstance(exc, smtplib.SMTPSenderRefused):
        return "reset"  # our side is refused: nothing in this batch will go
    if isinstance(exc, smtplib.SMTPResponseException):
        if 500 <= exc.smtp_code < 600:
            return "bounce" if exc.smtp_code in MAILBOX_GONE else "fail"
        return "retry"
    if isinstance(exc, AnymailRecipientsRefused):
        return "bounce"
    if isinstance(exc, AnymailAPIError):
        return "retry"
    if isinstance(exc, (smtplib.SMTPException, OSError)):
        return "reset"
    return None


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
        from .subscriptions import suppress

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
            suppress(email.to[0], f"rejected at send time: {exc}", bounced_delivery=False)
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


def deliver_batch(send_id, subscriber_ids):
    send = Send.objects.select_related("page", "page__locale").filter(pk=send_id).first()
    if send is None:  # deleted since the batch was queued
        return {"outcomes": {}, "waiting": 0, "retry_in": None}
    return Batch(send, subscriber_ids).deliver()


def open_work(days=7):
    """(send, subscriber ids) of rows that can be claimed now, for ``tasks.resume``."""
    now = timezone.now()
    recent = Send.objects.filter(created_at__gte=now - timedelta(days=days))
    for send in recent:
        rows = Delivery.objects.filter(send=send, subscriber__isnull=False).filter(
            ledger.claimable(now)
        )
        last = 0
        while True:
            chunk = list(
                rows.filter(pk__gt=last)
                .order_by("pk")
                .values_list("pk", "subscriber_id")[: settings.NEWSLETTER_BATCH_SIZE]
            )
            if not chunk:
                break
            yield send, [subscriber_id for _pk, subscriber_id in chunk]
            last = chunk[-1][0]
