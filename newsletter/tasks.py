"""Celery tasks of the newsletter. All are acks_late and idempotent: a task that runs twice (a
redelivery after a worker died, a second beat tick, a manual re-run) sends nothing twice,
because every message goes through the delivery ledger (``newsletter.ledger``)."""

import smtplib

from celery import shared_task
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from wagtail.models import Page

from newsroom.core import outbox

from . import emails, sending, tokens
from .batches import deliver_batch
from .mailer import newsletter_connection
from .models import Subscriber
from .planning import open_work, welcome_send


@shared_task(name="newsletter.send_digests", acks_late=True)
def send_digests(frequency):
    return sending.start_digest(frequency)


@shared_task(name="newsletter.send_alerts", acks_late=True)
def send_alerts(page_id):
    page = Page.objects.filter(pk=page_id).select_related("locale").first()
    if page is None or not page.live:
        return None
    return sending.start_alert(page.specific)


@shared_task(name="newsletter.send_welcome", acks_late=True)
def send_welcome(subscriber_id):
    send = welcome_send()
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
    subscriber = Subscriber.objects.filter(pk=subscriber_id).first()
    wanted = {
        "confirm": Subscriber.Status.PENDING,
        "already_subscribed": Subscriber.Status.CONFIRMED,
    }
    if subscriber is None or subscriber.status != wanted[kind]:
        return None
    with translation.override(subscriber.language):
        confirm_url = settings.SITE_URL + reverse(
            "newsletter:confirm", kwargs={"token": tokens.make(subscriber, tokens.CONFIRM)}
        )
    context = {
        "confirm_url": confirm_url,
        "expires_days": settings.NEWSLETTER_CONFIRM_MAX_AGE // (24 * 60 * 60),
    }
    email = emails.single(kind, subscriber, context)
    with newsletter_connection() as connection:
        connection.send_messages([email])
    return kind


@shared_task(name="newsletter.resume", acks_late=True)
def resume():
    """Hand out rows that can be claimed again: SMTP retries that are due, rows whose worker
    died (lease expired). Batches already running skip rows they cannot lock."""
    batches = 0
    for send, subscriber_ids in open_work():
        deliver_batch.delay(send.pk, subscriber_ids)
        batches += 1
    return batches


def alert_after_commit(page_id):
    """Alerts for a page just published, through the outbox: publishing works while Redis
    is down, and the alerts go out once it is back."""
    outbox.enqueue(send_alerts, page_id)
