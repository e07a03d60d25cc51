"""Signed links in emails (newsletter, event registrations).

A token carries a random ``key`` of the person's row (never the address or the row id), signed
with SECRET_KEY and a salt per purpose, so a token of one kind is refused by the others.
``max_age`` is in seconds; None means the link never expires.
"""

import uuid

from django.core import signing

MAX_LENGTH = 200


def make(key, purpose):
    return signing.TimestampSigner(salt=purpose).sign(key.hex)


def read(token, purpose, max_age):
    """The key a token names, or None when it is forged, malformed or expired."""
    if not token or len(token) > MAX_LENGTH:
        return None
    try:
        value = signing.TimestampSigner(salt=purpose).unsign(token, max_age=max_age)
        return uuid.UUID(hex=value)
    except (signing.BadSignature, ValueError):
        return None


def is_expired(token, purpose, max_age):
    """True when the signature is good but the link is too old (to say so to the reader)."""
    try:
        signing.TimestampSigner(salt=purpose).unsign(token, max_age=None)
    except signing.BadSignature:
        return False
    return read(token, purpose, max_age) is None
