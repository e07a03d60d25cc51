"""Addresses that bounced or complained: never written to again."""

import logging
from datetime import timedelta

from django.utils import timezone

from newsroom.core.mail import normalise_email

from .models import Delivery, Subscriber

logger = logging.getLogger(__name__)


def suppress(email, reason, bounced_delivery=True):
    """Stop writing to an address that bounced or complained. True when it was known."""
    email = normalise_email(email)
    subscriber = Subscriber.objects.filter(email=email).first()
    if subscriber is None:
        return False
    Subscriber.objects.filter(pk=subscriber.pk).exclude(status=Subscriber.Status.SUPPRESSED).update(
        status=Subscriber.Status.SUPPRESSED,
        suppressed_at=timezone.now(),
        suppressed_reason=str(reason)[:200],
    )
    if bounced_delivery:
        # Count the bounce against the message that caused it: the latest one sent lately.
        latest = (
            Delivery.objects.filter(
                subscriber=subscriber,
                status=Delivery.Status.SENT,
                sent_at__gte=timezone.now() - timedelta(days=14),
            )
            .order_by("-sent_at")
            .first()
        )
        if latest is not None:
            Delivery.objects.filter(pk=latest.pk).update(
                status=Delivery.Status.BOUNCED, error=str(reason)[:500]
            )
    logger.info("newsletter: suppressed subscriber %s (%s)", subscriber.pk, reason)
    return True
