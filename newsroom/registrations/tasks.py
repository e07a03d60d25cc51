"""Celery tasks of event registrations. All are acks_late and idempotent: each message is
sent with the registration row locked and its ``*_sent_at`` recorded in the same transaction,
so a retry or a second beat tick never sends it twice (a worker killed between the SMTP
server's answer and the commit may send it again: the newsletter's trade-off)."""

import smtplib
from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from newsroom.events.models import EventPage

from . import emails, retention, services
from .models import EventRegistrations, Invite, Registration

# kind → (field recording the send, statuses the message still makes sense in)
SENT_FIELDS = {
    "verify": ("verify_sent_at", ("pending",)),
    "confirmation": ("confirmation_sent_at", ("confirmed",)),
    "waitlist": ("waitlist_sent_at", ("waitlisted",)),
    "offer": ("offer_sent_at", ("offered",)),
    "reminder": ("reminder_sent_at", ("confirmed",)),
    "cancelled": ("cancellation_sent_at", ("cancelled",)),
}

RETRY = {
    "acks_late": True,
    "autoretry_for": (smtplib.SMTPException, OSError),
    "retry_backoff": 30,
    "retry_backoff_max": 30 * 60,
    "max_retries": 6,
}


def _locked(pk):
    """Registration ``pk``, locked until the transaction ends; None when it is gone."""
    return (
        Registration.objects.select_for_update(of=("self",))
        .select_related("event", "page", "page__locale")
        .filter(pk=pk)
        .first()
    )


def _send_each(ids, message):
    """Send each registration of ``ids`` the message ``message(registration)`` chooses, one
    transaction per registration: the row is locked, the message sent and its sending noted on
    the row before the commit, so no message goes out twice.

    ``message`` returns None (nothing to send) or ``(kind, note)``, where ``note(registration,
    page)`` records the send on the row and returns the fields it changed. Returns how many
    messages were sent."""
    sent = 0
    for pk in ids:
        with transaction.atomic():
            registration = _locked(pk)
            choice = message(registration) if registration is not None else None
            if choice is None:
                continue
            kind, note = choice
            email, page = emails.build(registration, kind)
            emails.send([email])
            registration.save(update_fields=note(registration, page))
            sent += 1
    return sent


class _PagesByLanguage(dict):
    """The event's page in each language, looked up once."""

    def __init__(self, state):
        super().__init__()
        self.state = state

    def __missing__(self, language):
        page = self[language] = self.state.page_in(language)
        return page


@shared_task(name="registrations.send_email", **RETRY)
def send_registration_email(registration_id, kind, repeat=False):
    """Send message ``kind`` to one registration, once. ``repeat``: a reminder of a message
    sent before (a second sign-up with the same address), rate-limited by the caller."""
    field, statuses = SENT_FIELDS.get(kind, (None, None))

    def note(registration, page):
        changed = []
        if field:
            setattr(registration, field, timezone.now())
            changed.append(field)
        if emails.CALENDAR_KINDS.get(kind) == "REQUEST":
            # They now hold this version of the event in their calendar.
            registration.sent_sequence = page.sequence
            changed.append("sent_sequence")
        return changed

    def message(registration):
        if registration.event.anonymised_at:
            return None
        if statuses and registration.status not in statuses:
            return None
        if field and getattr(registration, field) and not repeat:
            return None
        return kind, note

    return kind if _send_each([registration_id], message) else None


@shared_task(name="registrations.send_invite", **RETRY)
def send_invite(invite_id):
    with transaction.atomic():
        invite = Invite.objects.select_for_update().filter(pk=invite_id).first()
        if invite is None or invite.sent_at or invite.used_at:
            return None
        emails.send([emails.invite_email(invite, None)])
        invite.sent_at = timezone.now()
        invite.save(update_fields=["sent_at"])
    return invite_id


@shared_task(name="registrations.notify_change", **RETRY)
def notify_change(translation_key):
    """Send attendees an update (METHOD:REQUEST, higher SEQUENCE) when the event moved, or a
    cancellation (METHOD:CANCEL) when it was cancelled.

    Each attendee's ``sent_sequence`` records the calendar version they hold, so publishing
    again without a change, or a retry, sends nothing. Attendees get the version of their own
    language; until that language's page is published with the change (a translation to
    sync), they wait, and its publication sends it."""
    state = EventRegistrations.objects.filter(translation_key=translation_key).first()
    if state is None or state.anonymised_at:
        return 0
    pages = _PagesByLanguage(state)
    sent = tell_the_attendees(state, pages) + tell_the_waiting_list(state, pages)
    source = state.source_page()
    if source is not None:
        EventRegistrations.objects.filter(pk=state.pk).update(
            notified_sequence=source.sequence, notified_cancelled=source.cancelled
        )
    return sent


def _note_sequence(registration, page):
    registration.sent_sequence = page.sequence
    return ["sent_sequence"]


def tell_the_attendees(state, pages):
    """Everyone with a seat whose calendar entry is older than their language's page."""

    def message(registration):
        page = pages[registration.language]
        if (
            page is None
            or not page.live
            or registration.status != Registration.Status.CONFIRMED
            or registration.sent_sequence is None
            or registration.sent_sequence >= page.sequence
        ):
            return None
        return ("event_cancelled" if page.cancelled else "update"), _note_sequence

    ids = Registration.objects.filter(
        event=state, status=Registration.Status.CONFIRMED, sent_sequence__isnull=False
    ).values_list("pk", flat=True)
    return _send_each(list(ids), message)


def _note_cancellation(registration, page):
    registration.cancellation_sent_at = timezone.now()
    return ["cancellation_sent_at"]


def tell_the_waiting_list(state, pages):
    """The event was cancelled: people waiting for a seat (or holding an offer) hear it too,
    once each (``cancellation_sent_at``), in their language once that page says so. They
    hold no calendar entry, so the message carries none."""
    waiting = (Registration.Status.WAITLISTED, Registration.Status.OFFERED)

    def message(registration):
        page = pages[registration.language]
        if (
            page is None
            or not page.live
            or not page.cancelled
            or registration.status not in waiting
            or registration.cancellation_sent_at
        ):
            return None
        return "event_cancelled_waiting", _note_cancellation

    ids = Registration.objects.filter(
        event=state, status__in=waiting, cancellation_sent_at__isnull=True
    ).values_list("pk", flat=True)
    return _send_each(list(ids), message)


@shared_task(name="registrations.send_reminders", acks_late=True)
def send_reminders():
    """Beat: the day-before reminder to everyone with a seat, once each."""
    now = timezone.now()
    horizon = now + timedelta(hours=settings.REGISTRATION_REMINDER_HOURS)
    keys = set(
        EventPage.objects.filter(
            start__gt=now, start__lte=horizon, cancelled=False, sign_up_settings__enabled=True
        ).values_list("translation_key", flat=True)
    )
    queued = 0
    for pk in Registration.objects.filter(
        event__translation_key__in=keys,
        status=Registration.Status.CONFIRMED,
        reminder_sent_at__isnull=True,
    ).values_list("pk", flat=True):
        send_registration_email.delay(pk, "reminder")
        queued += 1
    return queued


@shared_task(name="registrations.expire_offers", acks_late=True)
def expire_offers():
    """Beat: seat offers not claimed in time go to the next person on the waiting list."""
    return services.expire_offers()


@shared_task(name="registrations.purge", acks_late=True)
def purge():
    """Beat: anonymise registrations REGISTRATION_RETENTION_DAYS after their event ended."""
    return retention.anonymise_past_events()
