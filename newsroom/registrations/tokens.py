"""Signed links of registrations: confirm the address, cancel, claim an offered seat.

The token format is ``newsroom.core.signed_links``; this module names the purposes and how
long each link lives.
"""

from django.conf import settings

from newsroom.core import signed_links

CONFIRM = "registrations.confirm"
CANCEL = "registrations.cancel"
CLAIM = "registrations.claim"


def max_age(purpose):
    return {
        CONFIRM: settings.REGISTRATION_CONFIRM_MAX_AGE,
        CANCEL: None,  # valid as long as the registration exists
        CLAIM: None,  # the offer's own expiry (in the database) decides
    }[purpose]


def make(registration, purpose):
    return signed_links.make(registration.key, purpose)


def is_expired(token, purpose):
    return signed_links.is_expired(token, purpose, max_age(purpose))


def find(token, purpose):
    from .models import Registration

    key = signed_links.read(token, purpose, max_age(purpose))
    if key is None:
        return None
    return Registration.objects.filter(key=key).select_related("event").first()
