"""Signed links: confirmation (expires), preferences (long-lived) and unsubscribe (never expires).

A token carries the subscriber's random ``key`` (never the address or the row id), signed with
SECRET_KEY and a salt per purpose, so a token of one kind is refused by the others.
"""

import uuid

from django.conf import settings
from django.core import signing

CONFIRM = "newsletter.confirm"
PREFERENCES = "newsletter.preferences"
UNSUBSCRIBE = "newsletter.unsubscribe"


def make(subscriber, purpose):
    return signing.TimestampSigner(salt=purpose).sign(subscriber.key.hex)


def read(token, purpose):
    """The subscriber key a token names, or None when it is forged, malformed or expired."""
    max_age = {
        CONFIRM: settings.NEWSLETTER_CONFIRM_MAX_AGE,
        PREFERENCES: settings.NEWSLETTER_PREFERENCES_MAX_AGE,
        UNSUBSCRIBE: None,  # an unsubscribe link in an old email must keep working
    }[purpose]
    if not token or len(token) > 200:
        return None
    try:
        value = signing.TimestampSigner(salt=purpose).unsign(token, max_age=max_age)
        return uuid.UUID(hex=value)
    except (signing.BadSignature, ValueError):
        return None


def is_expired(token, purpose):
    """True when the signature is good but the link is too old (to say so to the reader)."""
    try:
        signing.TimestampSigner(salt=purpose).unsign(token, max_age=None)
    except signing.BadSignature:
        return False
    return read(token, purpose) is None


def find(token, purpose):
    from .models import Subscriber

    key = read(token, purpose)
    if key is None:
        return None
    return Subscriber.objects.filter(key=key).first()
