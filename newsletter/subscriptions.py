"""What a subscriber (or a bounce) can do to a subscription; views and webhooks call these."""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.utils import timezone

from newsroom.content.models import Topic
from newsroom.core import outbox
from newsroom.core.mail import normalise_email

from .models import Subscriber
from .tasks import send_subscriber_email, send_welcome


def resolve_topics(slugs, language):
    """Topics named by slug, in ``language`` where that translation exists."""
    slugs = list(dict.fromkeys(slugs or []))
    if not slugs:
        return []
    chosen = {}
    for topic in Topic.objects.filter(slug__in=slugs).select_related("locale"):
        if topic.slug not in chosen or topic.locale.language_code == language:
            chosen[topic.slug] = topic
    return [chosen[slug] for slug in slugs if slug in chosen]


def _mail_allowed(email):
    """At most one confirmation (or reminder) per address per NEWSLETTER_RESEND_INTERVAL.

    Counted in the cache, not on the subscriber, so signing up again changes no data. When
    the cache is unreachable (``add`` answers None) the email goes out: a possible second
    confirmation is better than none."""
    digest = hashlib.sha256(email.encode()).hexdigest()[:40]
    key = f"newsletter:mail:{digest}"
    return cache.add(key, 1, timeout=settings.NEWSLETTER_RESEND_INTERVAL) is not False


def request_subscription(email, language, topic_slugs, frequency):
    """Handle a sign-up. The caller always answers the same way, whatever happened here.

    * new address (or one that left before): a pending subscription and a confirmation email;
    * pending: the confirmation email again (rate-limited), nothing else changes;
    * confirmed: a reminder with the preferences link (rate-limited), nothing else changes;
    * suppressed (bounced, complained): nothing at all.
    """
    email = normalise_email(email)
    with transaction.atomic():
        subscriber = Subscriber.objects.select_for_update().filter(email=email).first()
        if subscriber is None:
            try:
                with transaction.atomic():
                    subscriber = Subscriber.objects.create(
                        email=email, language=language, frequency=frequency
                    )
            except IntegrityError:  # the same address, signed up at the same moment
                return
            subscriber.topics.set(resolve_topics(topic_slugs, language))
        elif subscriber.status == Subscriber.Status.UNSUBSCRIBED:
            subscriber.language = language
            subscriber.frequency = frequency
            subscriber.status = Subscriber.Status.PENDING
            subscriber.updated_at = timezone.now()
            subscriber.save()
            subscriber.topics.set(resolve_topics(topic_slugs, language))
        kind = {
            Subscriber.Status.PENDING: "confirm",
            Subscriber.Status.CONFIRMED: "already_subscribed",
        }.get(subscriber.status)
        if kind and _mail_allowed(email):
            # Stored with the sign-up: sent after the commit, or once Redis is back.
            outbox.enqueue(send_subscriber_email, subscriber.pk, kind)


def confirm(subscriber):
    """Pending → confirmed, recording the consent; True when this call confirmed it."""
    with transaction.atomic():
        updated = Subscriber.objects.filter(
            pk=subscriber.pk, status=Subscriber.Status.PENDING
        ).update(status=Subscriber.Status.CONFIRMED, consent_at=timezone.now())
        if updated:
            outbox.enqueue(send_welcome, subscriber.pk)
    subscriber.refresh_from_db()
    return bool(updated)


def unsubscribe(subscriber):
    """Idempotent: True when this call ended a subscription."""
    updated = Subscriber.objects.filter(
        pk=subscriber.pk,
        status__in=(Subscriber.Status.PENDING, Subscriber.Status.CONFIRMED),
    ).update(status=Subscriber.Status.UNSUBSCRIBED, unsubscribed_at=timezone.now())
    return bool(updated)


def resubscribe(subscriber):
    """From the preferences page (a link we mailed them): a former subscriber comes back."""
    return bool(
        Subscriber.objects.filter(
            pk=subscriber.pk, status=Subscriber.Status.UNSUBSCRIBED, consent_at__isnull=False
        ).update(
            status=Subscriber.Status.CONFIRMED, consent_at=timezone.now(), unsubscribed_at=None
        )
    )


def update_preferences(subscriber, language, topic_slugs, frequency):
    subscriber.language = language
    subscriber.frequency = frequency
    subscriber.updated_at = timezone.now()
    with transaction.atomic():
        subscriber.save(update_fields=["language", "frequency", "updated_at"])
        subscriber.topics.set(resolve_topics(topic_slugs, language))


def export(subscriber):
    """Everything stored about a subscriber, for the JSON download."""

    def when(value):
        return value.isoformat() if value else None

    subscriber.refresh_from_db()
    return {
        "email": subscriber.email,
        "language": subscriber.language,
        "topics": [
            {"slug": topic.slug, "name": topic.name} for topic in subscriber.topics.order_by("slug")
        ],
        "frequency": subscriber.frequency,
        "status": subscriber.status,
        "signed_up": when(subscriber.created_at),
        "consent_given": when(subscriber.consent_at),
        "preferences_changed": when(subscriber.updated_at),
        "unsubscribed": when(subscriber.unsubscribed_at),
        "suppressed": when(subscriber.suppressed_at),
        "suppression_reason": subscriber.suppressed_reason or None,
        "messages": [
            {
                "send": delivery.send.period,
                "status": delivery.status,
                "items": delivery.item_count,
                "sent": when(delivery.sent_at),
            }
            for delivery in subscriber.deliveries.select_related("send").order_by("created_at")
        ],
    }


def erase(subscriber):
    """Delete the subscriber; their ledger rows stay, anonymous, so send counts stay true."""
    Subscriber.objects.filter(pk=subscriber.pk).delete()
