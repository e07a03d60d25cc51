"""Signed links of registrations: confirm the address, cancel, claim an offered seat.

A token carries the registration's random ``key`` signed with SECRET_KEY and a salt per
purpose (the pattern of ``newsletter.tokens``), so a token of one kind is refused by the others.
"""

import uuid

from django.conf import settings
from django.core import signing

CONFIRM = "registrations.confirm"
CANCEL = "registrations.cancel"
CLAIM = "registrations.claim"


def make(registration, purpose):
    return signing.TimestampSigner(salt=purpose).sign(registration.key.hex)


def read(token, purpose):
    """The registration key a token names, or None (forged, malformed or expired)."""
    max_age = {
        CONFIRM: settings.REGISTRATION_CONFIRM_MAX_AGE,
        CANCEL: None,  # valid as long as the registration exists
        CLAIM: None,  # the offer's own expiry (in the database) decides
    }[purpose]
    if not token or len(token) > 200:
        return None
    try:
        value = signing.TimestampSigner(salt=purpose).unsign(token, max_age=max_age)
        return uuid.UUID(hex=value)
    except (signing.BadSignature, ValueError):
        return None


def is_expired(token, purpose):
    try:
        signing.TimestampSigner(salt=purpose).unsign(token, max_age=None)
    except signing.BadSignature:
        return False
    return read(token, purpose) is None


def find(token, purpose):
    from .models import Registration

    key = read(token, purpose)
    if key is None:
        return None
    return Registration.objects.filter(key=key).select_related("event").first()
