"""Celery tasks of the newsletter. All are acks_late and idempotent: a task that runs twice (a
redelivery after a worker died, a second beat tick, a manual re-run) sends nothing twice,
because every message goes through the delivery ledger (``newsletter.ledger``)."""

import logging
import smtplib

from celery import shared_task

from newsroom.core import outbox

from . import sending

logger = logging.getLogger(__name__)

MAX_BATCH_RETRIES = 48


@shared_task(name="newsletter.send_digests", acks_late=True)
def send_digests(frequency):
    return sending.start_digest(frequency)


@shared_task(name="newsletter.deliver_batch", bind=True, acks_late=True, max_retries=None)
def deliver_batch(self, send_id, subscriber_ids):
    """Deliver one batch. Rows that must wait (SMTP back-off, another worker's lease) make the
    task come back when they can be claimed; without a broker the next run picks them up."""
    result = sending.deliver_batch(send_id, subscriber_ids)
    if result["waiting"] and not self.request.is_eager:
        if self.request.retries < MAX_BATCH_RETRIES:
            countdown = min(max(result["retry_in"] or 0, 1) + 1, 60 * 60)
            # Come back on the queue this batch came from (a dedicated newsletter queue, say).
            queue = (self.request.delivery_info or {}).get("routing_key")
            raise self.retry(countdown=countdown, **({"queue": queue} if queue else {}))
        logger.warning("newsletter: batch of send %s still has open rows", send_id)
    return result


@shared_task(name="newsletter.send_alerts", acks_late=True)
def send_alerts(page_id):
    from wagtail.models import Page

    page = Page.objects.filter(pk=page_id).select_related("locale").first()
    if page is None or not page.live:
        return None
    return sending.start_alert(page.specific)


@shared_task(name="newsletter.send_welcome", acks_late=True)
def send_welcome(subscriber_id):
    send = sending.welcome_send()
    return deliver_batch.delay(send.pk, [subscriber_id]).id


@shared_task(
    name="newsletter.send_subscriber_email",
    acks_late=True,
    autoretry_for=(smtplib.SMTPException, OSError),
    retry_backoff=30,
    retry_backoff_max=30 * 60,
    max_retries=6,
)
def send_subscriber_email(subscriber_id, kind):
    """The confirmation request, or the reminder to someone already subscribed."""
    from . import emails, tokens
    from .models import Subscriber

    subscriber = Subscriber.objects.filter(pk=subscriber_id).first()
    wanted = {
        "confirm": Subscriber.Status.PENDING,
        "already_subscribed": Subscriber.Status.CONFIRMED,
    }
    if subscriber is None or subscriber.status != wanted[kind]:
        return None
    from django.conf import settings
    from django.urls import reverse
    from django.utils import translation

    with translation.override(subscriber.language):
        confirm_url = settings.SITE_URL + reverse(
            "newsletter:confirm", kwargs={"token": tokens.make(subscriber, tokens.CONFIRM)}
        )
    context = {
        "confirm_url": confirm_url,
        "expires_days": settings.NEWSLETTER_CONFIRM_MAX_AGE // (24 * 60 * 60),
    }
    email = emails.single(kind, subscriber, context)
    with emails.newsletter_connection() as connection:
        connection.send_messages([email])
    return kind


@shared_task(name="newsletter.resume", acks_late=True)
def resume():
    """Hand out rows that can be claimed again: SMTP retries that are due, rows whose worker
    died (lease expired). Batches already running skip rows they cannot lock."""
    batches = 0
    for send, subscriber_ids in sending.open_work():
        deliver_batch.delay(send.pk, subscriber_ids)
        batches += 1
    return batches


def alert_after_commit(page_id):
    """Alerts for a page just published, through the outbox: publishing works while Redis
    is down, and the alerts go out once it is back."""
    outbox.enqueue(send_alerts, page_id)
