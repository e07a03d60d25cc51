"""Signed links in emails (newsletter, event registrations).

A token carries a random ``key`` of the person's row (never the address or the row id), signed
with SECRET_KEY and a salt per purpose, so a token of one kind is refused by the others.
``max_age`` is in seconds; None means the link never expires.

Each app describes its links once with ``Links``: the purposes, how long each lives and the
rows their keys name.
"""

import uuid

from django.conf import settings
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


class Links:
    """The signed links of one kind of row.

    ``lifetimes`` maps each purpose to the name of the setting holding its max age, or to None
    for a link that never expires (read when a token is checked, so tests can change it);
    ``rows`` is the queryset whose ``key`` field tokens name.
    """

    def __init__(self, lifetimes, rows):
        self.lifetimes = lifetimes
        self.rows = rows

    def max_age(self, purpose):
        setting = self.lifetimes[purpose]
        return None if setting is None else getattr(settings, setting)

    def make(self, row, purpose):
        return make(row.key, purpose)

    def is_expired(self, token, purpose):
        return is_expired(token, purpose, self.max_age(purpose))

    def find(self, token, purpose):
        """The row a valid token of ``purpose`` names, or None."""
        key = read(token, purpose, self.max_age(purpose))
        if key is None:
            return None
        return self.rows.filter(key=key).first()
