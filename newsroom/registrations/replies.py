"""Answers to calendar invitations: iTIP ``METHOD:REPLY`` messages (RFC 5546) that calendar
apps send to the ORGANIZER's address when someone presses Accept or Decline.

A reply names the event by its UID (``core.identifiers.event_uid``, the same in every
invitation and public calendar) and the person by their ATTENDEE address and PARTSTAT:

- ``DECLINED``: their registration is cancelled and the freed seat offered to the waiting list
  (``services.cancel``, as if they had used the cancel link);
- ``ACCEPTED``: a seat holder's attendance is confirmed (``attendance_confirmed_at``); someone
  holding a seat offer takes the seat (``services.claim_offer``).

Applying a reply is idempotent (a second copy finds the state it asks for and changes
nothing). A reply is ignored when its sender is not the attendee it speaks for, when it is
older than the registration (an answer to an invitation from before a cancellation and a new
sign-up), or when its event or attendee is unknown; each outcome is returned for the caller to
log.
"""

import logging
from datetime import UTC, datetime, timedelta
from email.utils import getaddresses

import icalendar
from django.utils import timezone

from newsroom.core.identifiers import event_uid

from . import services
from .models import EventRegistrations, Registration, normalise_email

logger = logging.getLogger(__name__)
Status = Registration.Status
CALENDAR_TYPES = {"text/calendar", "application/ics"}
# DTSTAMP counts whole seconds and comes from the attendee's clock: a reply this much older
# than the registration still counts as an answer to it.
CLOCK_SKEW = timedelta(minutes=5)


class Answer:
    """One attendee's answer in a REPLY: ``uid``, ``address``, ``partstat``, ``stamp``."""

    def __init__(self, uid, address, partstat, stamp):
        self.uid = uid
        self.address = address
        self.partstat = partstat
        self.stamp = stamp

    def __repr__(self):
        return f"<Answer {self.partstat} from {self.address} to {self.uid}>"


def _address(value):
    text = str(value)
    return text[len("mailto:") :] if text.lower().startswith("mailto:") else text


def answers_in(message):
    """The answers of every ``METHOD:REPLY`` calendar in an email (``email.message``).
    Raises ValueError on a calendar part that does not parse."""
    found = []
    for part in message.walk():
        if part.get_content_type() not in CALENDAR_TYPES:
            continue
        calendar = icalendar.Calendar.from_ical(part.get_payload(decode=True) or b"")
        if str(calendar.get("METHOD", "")).upper() != "REPLY":
            continue
        for vevent in calendar.walk("VEVENT"):
            uid, stamp = str(vevent.get("UID", "")), _stamp(vevent)
            attendees = vevent.get("ATTENDEE", [])
            for attendee in attendees if isinstance(attendees, list) else [attendees]:
                partstat = str(attendee.params.get("PARTSTAT", "")).upper()
                found.append(Answer(uid, _address(attendee), partstat, stamp))
    return found


def _stamp(vevent):
    """When the answer was written (DTSTAMP, UTC by the RFC), or None if missing or bad."""
    stamp = getattr(vevent.get("DTSTAMP"), "dt", None)
    if not isinstance(stamp, datetime):
        return None
    return stamp if stamp.tzinfo else stamp.replace(tzinfo=UTC)


def sender_of(message):
    """The normalised address in the message's From (or Sender), or ""."""
    pairs = getaddresses([str(message.get("From", "") or message.get("Sender", ""))])
    return normalise_email(pairs[0][1]) if pairs and pairs[0][1] else ""


class Replies:
    """Applies answers; knows every event's UID (computed once per run)."""

    def __init__(self):
        self.events = {
            event_uid(state.translation_key): state for state in EventRegistrations.objects.all()
        }

    def process(self, message):
        """Apply every answer in ``message``; returns their outcomes (one word each)."""
        sender = sender_of(message)
        outcomes = []
        for answer in answers_in(message):
            outcome = self.apply(answer, sender)
            logger.info("calendar reply %r: %s", answer, outcome)
            outcomes.append(outcome)
        return outcomes

    def apply(self, answer, sender):
        state = self.events.get(answer.uid)
        if state is None:
            return "unknown event"
        address = normalise_email(answer.address)
        if sender != address:
            return "sender is not the attendee"
        registration = Registration.objects.filter(event=state, email_normalised=address).first()
        if registration is None:
            return "unknown attendee"
        if answer.stamp and answer.stamp < registration.created_at - CLOCK_SKEW:
            return "older than the registration"
        if answer.partstat == "DECLINED":
            return "cancelled" if services.cancel(registration) else "unchanged"
        if answer.partstat == "ACCEPTED":
            return accept(registration)
        return "ignored"


def accept(registration, now=None):
    """An Accept: a seat holder confirms they come; a seat offer is taken."""
    now = now or timezone.now()
    if registration.status == Status.OFFERED:
        claimed = services.claim_offer(registration, now) == Status.CONFIRMED
        if claimed:
            Registration.objects.filter(pk=registration.pk).update(attendance_confirmed_at=now)
        return "seat taken" if claimed else "offer expired"
    if registration.status != Status.CONFIRMED:
        # A cancelled or waiting person's Accept cannot take a seat: that is the form's job.
        return "no seat"
    updated = Registration.objects.filter(
        pk=registration.pk, status=Status.CONFIRMED, attendance_confirmed_at__isnull=True
    ).update(attendance_confirmed_at=now)
    return "attendance confirmed" if updated else "unchanged"
