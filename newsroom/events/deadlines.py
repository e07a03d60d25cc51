"""An event's sign-up settings, when its sign-ups close, and the one reply deadline its
invitations give: read here so that pages and emails (registrations) and the API, which may not
import each other, all write the same moment.

The settings are the registrations app's (``SignUpSettings``), reached by their relation name
only, as ``models.EventPage`` names them.
"""

# Where a view keeps an event page's settings for the rest of the request (on the instance).
KEPT = "_kept_sign_up_settings"


def sign_up_settings(event_page):
    """The sign-up settings of an event page (saved or in a preview), or None: sign-ups off.
    Read from where a view kept them (``KEPT``), if it did: a page asks for them for its
    state, its closing time and its reply deadline."""
    if KEPT in event_page.__dict__:
        return event_page.__dict__[KEPT]
    found = event_page.sign_up_settings.all()[:1]
    return found[0] if found else None


def closes_at(event_page):
    """When sign-ups stop: the editor's time, and never later than the start."""
    found = sign_up_settings(event_page)
    closes = found.closes_at if found else None
    return min(closes, event_page.start) if closes else event_page.start


def reply_deadline(event_page, invitation=None):
    """The one moment by which a guest answers, wherever it is written (invitation and event
    pages, the invitation email, the API): when the event takes sign-ups the form is the
    answer, so the deadline is when it closes and an invitation's own "respond by" day is not
    given (two dates would contradict each other); otherwise that day, a ``date``; None: no
    deadline."""
    found = sign_up_settings(event_page)
    if found is not None and found.enabled:
        return closes_at(event_page)
    return invitation.respond_by if invitation is not None else None
