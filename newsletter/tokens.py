"""Signed links: confirmation (expires), preferences (long-lived) and unsubscribe (never expires).

The token format is ``newsroom.core.signed_links``; this module names the newsletter's purposes
and how long each link lives.
"""

from django.conf import settings

from newsroom.core import signed_links

CONFIRM = "newsletter.confirm"
PREFERENCES = "newsletter.preferences"
UNSUBSCRIBE = "newsletter.unsubscribe"


def max_age(purpose):
    return {
        CONFIRM: settings.NEWSLETTER_CONFIRM_MAX_AGE,
        PREFERENCES: settings.NEWSLETTER_PREFERENCES_MAX_AGE,
        UNSUBSCRIBE: None,  # an unsubscribe link in an old email must keep working
    }[purpose]


def make(subscriber, purpose):
    return signed_links.make(subscriber.key, purpose)


def is_expired(token, purpose):
    return signed_links.is_expired(token, purpose, max_age(purpose))


def find(token, purpose):
    from .models import Subscriber

    key = signed_links.read(token, purpose, max_age(purpose))
    if key is None:
        return None
    return Subscriber.objects.filter(key=key).first()
