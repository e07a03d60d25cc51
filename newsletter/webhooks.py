"""Bounces, complaints and mailto unsubscribes from the email provider, through anymail.

``/anymail/<esp>/tracking/`` and ``/anymail/<esp>/inbound/`` are anymail's own views, which
check the HTTP basic-auth credentials in ``ANYMAIL["WEBHOOK_SECRET"]``. Without a secret they
would accept anyone's "bounce" (and let a stranger suppress any address), so here they answer
403 until a secret is configured.
"""

import logging
import re

from anymail import urls as anymail_urls
from anymail.signals import inbound, tracking
from django.conf import settings
from django.dispatch import receiver
from django.http import HttpResponseForbidden
from django.urls import URLPattern

from newsroom.core.mail import normalise_email

from . import subscriptions, suppression, tokens
from .models import Subscriber

logger = logging.getLogger(__name__)

SUPPRESSING_EVENTS = {"bounced", "complained"}
SUPPRESSING_REJECTIONS = {"bounced", "invalid", "spam", "unsubscribed"}
TOKEN_IN_SUBJECT = re.compile(r"unsubscribe\s+(\S+)", re.IGNORECASE)


def webhook_secret_configured():
    return bool(getattr(settings, "ANYMAIL", {}).get("WEBHOOK_SECRET"))


def requires_secret(view):
    def guarded(request, *args, **kwargs):
        if not webhook_secret_configured():
            return HttpResponseForbidden("webhooks are off until ANYMAIL_WEBHOOK_SECRET is set")
        return view(request, *args, **kwargs)

    guarded.csrf_exempt = True
    guarded.__name__ = getattr(view, "__name__", "anymail_webhook")
    return guarded


def _guarded(patterns):
    return [
        URLPattern(url.pattern, requires_secret(url.callback), url.default_args, url.name)
        for url in patterns
    ]


app_name = "anymail"
urlpatterns = _guarded(anymail_urls.urlpatterns)


@receiver(tracking, dispatch_uid="newsletter-tracking")
def tracking_event(sender, event, esp_name, **kwargs):
    recipient = event.recipient
    if not recipient:
        return
    if event.event_type in SUPPRESSING_EVENTS or (
        event.event_type == "rejected" and event.reject_reason in SUPPRESSING_REJECTIONS
    ):
        reason = f"{esp_name} {event.event_type}"
        if event.reject_reason:
            reason += f" ({event.reject_reason})"
        suppression.suppress(recipient, reason)
    elif event.event_type == "unsubscribed":
        subscriber = Subscriber.objects.filter(email=normalise_email(recipient)).first()
        if subscriber is not None:
            subscriptions.unsubscribe(subscriber)


@receiver(inbound, dispatch_uid="newsletter-inbound")
def inbound_message(sender, event, esp_name, **kwargs):
    """The List-Unsubscribe mailto: the subject carries the unsubscribe token."""
    message = event.message
    if message is None:
        return
    match = TOKEN_IN_SUBJECT.search(message.subject or "")
    if not match:
        return
    subscriber = tokens.find(match.group(1), tokens.UNSUBSCRIBE)
    if subscriber is not None:
        subscriptions.unsubscribe(subscriber)
        logger.info("newsletter: unsubscribed %s by email", subscriber.pk)
