"""Signed links: confirmation (expires), preferences (long-lived) and unsubscribe (never expires).

The token format is ``newsroom.core.signed_links``; this module names the newsletter's purposes
and how long each link lives.
"""

from newsroom.core.signed_links import Links

from .models import Subscriber

CONFIRM = "newsletter.confirm"
PREFERENCES = "newsletter.preferences"
UNSUBSCRIBE = "newsletter.unsubscribe"

links = Links(
    {
        CONFIRM: "NEWSLETTER_CONFIRM_MAX_AGE",
        PREFERENCES: "NEWSLETTER_PREFERENCES_MAX_AGE",
        UNSUBSCRIBE: None,  # an unsubscribe link in an old email must keep working
    },
    Subscriber.objects,
)
make, find, is_expired = links.make, links.find, links.is_expired
