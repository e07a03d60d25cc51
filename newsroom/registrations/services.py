"""What happens to a registration, seat by seat.

Every change that takes, frees or offers a seat runs in ``transaction.atomic()`` with the
event's ``EventRegistrations`` row locked (``select_for_update``): concurrent sign-ups for the
last seat queue on that row, and each one counts the seats after the previous one committed.
Emails go through the outbox (``newsroom.core.outbox``): stored in the transaction that
owes them and handed to Celery after it commits, so nobody is told about a seat that was
rolled back, and a sign-up made while Redis is down gets its email once it is back.
"""

import re
import secrets
import uuid
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone

from newsroom.core import outbox
from newsroom.events.deadlines import closes_at, sign_up_settings

from .models import EventRegistrations, Invite, Registration, normalise_email

Status = Registration.Status
INVITE_CODE = re.compile(r"[A-Za-z0-9_-]+")
# The Celery tasks (``tasks``) that send the emails, by name: the tasks call these services,
# so naming them keeps the dependency one way.
SEND_EMAIL = "registrations.send_email"
SEND_INVITE = "registrations.send_invite"


def sign_up_state(event_page, now=None):
    """``off``, ``not_yet`` (opens later), ``open``, ``closed`` (or cancelled)."""
    found = sign_up_settings(event_page)
    if found is None or not found.enabled:
        return "off"
    now = now or timezone.now()
    if event_page.cancelled or now >= closes_at(event_page):
        return "closed"
    if found.opens_at and now < found.opens_at:
        return "not_yet"
    return "open"


def capacity(event_page):
    """The event's seats, or None: no limit."""
    found = sign_up_settings(event_page)
    return found.capacity if found else None


def event_state(event_page):
    """The EventRegistrations row of an event (any language version), created if missing."""
    state, _ = EventRegistrations.objects.get_or_create(translation_key=event_page.translation_key)
    return state


def _locked(state):
    return EventRegistrations.objects.select_for_update().get(pk=state.pk)


def send_later(kind, registration_id):
    outbox.enqueue(SEND_EMAIL, registration_id, kind)


def hold_hours(event_page):
    found = sign_up_settings(event_page) if event_page is not None else None
    hours = found.offer_hold_hours if found else None
    return hours or settings.REGISTRATION_OFFER_HOLD_HOURS


def seats_taken(state):
    return Registration.objects.filter(event=state, status__in=Registration.SEATED).count()


def has_free_seat(state, event_page):
    seats = capacity(event_page)
    return seats is None or seats_taken(state) < seats


class InviteUsed(Exception):
    """The invitation code was used by someone else in the meantime."""


def _use_invite(invite):
    return bool(
        Invite.objects.filter(pk=invite.pk, used_at__isnull=True).update(used_at=timezone.now())
    )


class Outcome:
    """What a sign-up did: ``created`` a new registration, or found ``existing`` one."""

    def __init__(self, registration, created):
        self.registration = registration
        self.created = created


@transaction.atomic  # the registration and the email it owes are stored together
def sign_up(event_page, page, data, invite=None, source=Registration.Source.FORM):
    """Record a sign-up and ask the person to confirm their address.

    Idempotent per (event, address): a second sign-up changes nothing and returns the first
    registration (``created`` False); the person is sent a reminder of where they stand, at
    most once per ``REGISTRATION_RESEND_INTERVAL``. A cancelled or expired registration can
    sign up afresh. An invitee who signs up with the address they were invited at skips the
    address confirmation (the invitation link reached that mailbox).
    """
    state = event_state(event_page)
    email = data["email"].strip()
    fields = {
        "name": data["name"],
        "email": email,
        "organisation": data.get("organisation", ""),
        "language": data["language"],
        "answers": data.get("answers", {}),
        "page": page,
        "source": source,
        "invite": invite,
    }
    try:
        with transaction.atomic():
            if invite is not None and not _use_invite(invite):
                raise InviteUsed
            registration = Registration.objects.create(event=state, **fields)
            created = True
    except IntegrityError:
        registration = Registration.objects.get(
            event=state, email_normalised=normalise_email(email)
        )
        created = False
    if not created and registration.status in (Status.CANCELLED, Status.EXPIRED):
        created = _restart(registration, fields)
        if created and invite is not None:
            _use_invite(invite)
    if created:
        verified = source == Registration.Source.ADMIN or (
            invite is not None and normalise_email(email) == invite.email_normalised
        )
        if verified:
            confirm_email(registration)
        else:
            send_later("verify", registration.pk)
    else:
        _remind(registration)
    return Outcome(registration, created)


def _restart(registration, fields):
    """A cancelled or expired registration signs up again: back to pending."""
    with transaction.atomic():
        current = Registration.objects.select_for_update().get(pk=registration.pk)
        if current.status not in (Status.CANCELLED, Status.EXPIRED):
            return False
        for name, value in fields.items():
            setattr(current, name, value)
        current.status = Status.PENDING
        # A new key: new links (the old ones cancel nothing any more).
        current.key = uuid.uuid4()
        for name in (
            "email_confirmed_at",
            "confirmed_at",
            "waitlisted_at",
            "offered_at",
            "offer_expires_at",
            "cancelled_at",
            "checked_in_at",
            "verify_sent_at",
            "confirmation_sent_at",
            "waitlist_sent_at",
            "offer_sent_at",
            "reminder_sent_at",
            "cancellation_sent_at",
            "already_sent_at",
            "sent_sequence",
        ):
            setattr(current, name, None)
        current.created_at = timezone.now()
        current.save()
    registration.refresh_from_db()
    return True


def _remind(registration):
    """Tell a second sign-up's mailbox where the first one stands (rate-limited)."""
    cutoff = timezone.now() - timedelta(seconds=settings.REGISTRATION_RESEND_INTERVAL)
    updated = (
        Registration.objects.filter(pk=registration.pk)
        .exclude(already_sent_at__gt=cutoff)
        .update(already_sent_at=timezone.now())
    )
    if updated:
        kind = "verify" if registration.status == Status.PENDING else "already"
        outbox.enqueue(SEND_EMAIL, registration.pk, kind, True)


def confirm_email(registration, now=None):
    """The address is confirmed: take a seat if one is free, else join the waiting list."""
    now = now or timezone.now()
    with transaction.atomic():
        state = _locked(registration.event)
        current = Registration.objects.select_for_update().get(pk=registration.pk)
        if current.status != Status.PENDING:
            registration.refresh_from_db()
            return registration
        event_page = state.source_page()
        current.email_confirmed_at = now
        nobody_waiting = not Registration.objects.filter(
            event=state, status=Status.WAITLISTED
        ).exists()
        if nobody_waiting and has_free_seat(state, event_page):
            _seat(current, now)
        else:
            current.status = Status.WAITLISTED
            current.waitlisted_at = now
            current.save()
            send_later("waitlist", current.pk)
        offer_free_seats(state, event_page, now)
    registration.refresh_from_db()
    return registration


def _seat(registration, now):
    registration.status = Status.CONFIRMED
    registration.confirmed_at = now
    registration.offer_expires_at = None
    registration.save()
    send_later("confirmation", registration.pk)


def add_by_editor(event_page, data):
    """An editor adds someone: no address confirmation, but the capacity still holds.
    Returns (registration, created)."""
    outcome = sign_up(
        event_page, event_page, {**data, "answers": {}}, source=Registration.Source.ADMIN
    )
    return outcome.registration, outcome.created


def cancel(registration, now=None):
    """The person (or an editor) cancels; a freed seat goes to the waiting list."""
    now = now or timezone.now()
    with transaction.atomic():
        state = _locked(registration.event)
        current = Registration.objects.select_for_update().get(pk=registration.pk)
        if current.status in (Status.CANCELLED, Status.EXPIRED):
            registration.refresh_from_db()
            return False
        had_seat = current.holds_seat
        current.status = Status.CANCELLED
        current.cancelled_at = now
        current.save()
        if current.email_confirmed_at:
            send_later("cancelled", current.pk)
        if had_seat:
            offer_free_seats(state, state.source_page(), now)
    registration.refresh_from_db()
    return True


def offer_free_seats(state, event_page, now=None):
    """Offer each free seat to the next person on the waiting list (caller holds the lock)."""
    now = now or timezone.now()
    if event_page is None or event_page.cancelled or now >= closes_at(event_page):
        return []
    waiting = _waiting(state).select_for_update()
    seats = capacity(event_page)
    if seats is not None:
        free = seats - seats_taken(state)
        if free <= 0:
            return []
        waiting = waiting[:free]
    hours = hold_hours(event_page)
    offered = []
    for registration in waiting:
        registration.status = Status.OFFERED
        registration.offered_at = now
        registration.offer_expires_at = now + timedelta(hours=hours)
        registration.offer_sent_at = None
        registration.save()
        send_later("offer", registration.pk)
        offered.append(registration)
    return offered


def _waiting(state):
    return Registration.objects.filter(event=state, status=Status.WAITLISTED).order_by(
        "email_confirmed_at", "pk"
    )


def claim_offer(registration, now=None):
    """Take the offered seat if the offer still holds. Returns the status afterwards."""
    now = now or timezone.now()
    with transaction.atomic():
        state = _locked(registration.event)
        current = Registration.objects.select_for_update().get(pk=registration.pk)
        if current.status == Status.OFFERED:
            if current.offer_expires_at and current.offer_expires_at > now:
                _seat(current, now)
            else:
                _expire(current, now)
                offer_free_seats(state, state.source_page(), now)
    registration.refresh_from_db()
    return registration.status


def _expire(registration, now):
    registration.status = Status.EXPIRED
    registration.save()


def expire_offers(now=None):
    """Offers not claimed in time pass to the next person. Returns how many expired."""
    now = now or timezone.now()
    expired = 0
    event_ids = (
        Registration.objects.filter(status=Status.OFFERED, offer_expires_at__lte=now)
        .values_list("event_id", flat=True)
        .distinct()
    )
    for event_id in list(event_ids):
        with transaction.atomic():
            state = EventRegistrations.objects.select_for_update().get(pk=event_id)
            for registration in Registration.objects.select_for_update().filter(
                event=state, status=Status.OFFERED, offer_expires_at__lte=now
            ):
                _expire(registration, now)
                expired += 1
            offer_free_seats(state, state.source_page(), now)
    return expired


def toggle_check_in(registration, now=None):
    registration.checked_in_at = None if registration.checked_in_at else (now or timezone.now())
    registration.save(update_fields=["checked_in_at"])
    return registration


def counts(state):
    rows = (
        Registration.objects.filter(event=state).values("status").annotate(n=Count("pk")).order_by()
    )
    by_status = {row["status"]: row["n"] for row in rows}
    return {value: by_status.get(value, 0) for value, _label in Status.choices}


# --- Invitations.


def create_invite(state, name, email, language):
    """An invite for ``email`` (the existing one if that address was invited already).
    Returns (invite, created)."""
    invite = Invite.objects.filter(event=state, email_normalised=normalise_email(email)).first()
    if invite is not None:
        return invite, False
    try:
        with transaction.atomic():
            invite = Invite.objects.create(
                event=state,
                name=name,
                email=email.strip(),
                language=language,
                code=secrets.token_urlsafe(24),
            )
            outbox.enqueue(SEND_INVITE, invite.pk)
    except IntegrityError:
        return Invite.objects.get(event=state, email_normalised=normalise_email(email)), False
    return invite, True


def find_invite(state, code):
    """The unused invite with ``code`` for this event, or None."""
    # Codes are token_urlsafe(): anything else cannot match (and a NUL byte would be an error
    # on PostgreSQL rather than a miss).
    if not code or len(code) > 64 or not INVITE_CODE.fullmatch(code):
        return None
    return Invite.objects.filter(event=state, code=code, used_at__isnull=True).first()
