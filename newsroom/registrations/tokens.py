"""Signed links of registrations: confirm the address, cancel, claim an offered seat.

The token format is ``newsroom.core.signed_links``; this module names the purposes and how
long each link lives.
"""

from newsroom.core.signed_links import Links

from .models import Registration

CONFIRM = "registrations.confirm"
CANCEL = "registrations.cancel"
CLAIM = "registrations.claim"

links = Links(
    {
        CONFIRM: "REGISTRATION_CONFIRM_MAX_AGE",
        CANCEL: None,  # valid as long as the registration exists
        CLAIM: None,  # the offer's own expiry (in the database) decides
    },
    Registration.objects.select_related("event"),
)
make, find, is_expired = links.make, links.find, links.is_expired
