"""Registrations are personal data: kept while the event needs them, then anonymised.

``REGISTRATION_RETENTION_DAYS`` after an event ended, its registrations lose the name,
address, organisation and answers (the rows stay, so attendance counts remain true) and its
invitation list is deleted.
"""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from newsroom.events.models import EventPage

from .models import EventRegistrations, Invite, Registration


def anonymise_past_events(now=None):
    """Anonymise every event that ended long enough ago; returns the rows anonymised."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.REGISTRATION_RETENTION_DAYS)
    ended = set(EventPage.objects.filter(end__lt=cutoff).values_list("translation_key", flat=True))
    live = set(EventPage.objects.values_list("translation_key", flat=True))
    open_states = EventRegistrations.objects.filter(anonymised_at__isnull=True)
    # Events that ended long ago, and events deleted since (their registrations are orphans).
    states = [
        *open_states.filter(translation_key__in=ended),
        *open_states.exclude(translation_key__in=live).filter(created_at__lt=cutoff),
    ]
    total = 0
    for state in {state.pk: state for state in states}.values():
        total += anonymise(state, now)
    return total


@transaction.atomic
def anonymise(state, now=None):
    now = now or timezone.now()
    rows = Registration.objects.filter(event=state)
    count = 0
    for registration in rows.only("pk"):
        Registration.objects.filter(pk=registration.pk).update(
            name="",
            email=f"anonymised-{registration.pk}@invalid",
            email_normalised=f"anonymised-{registration.pk}@invalid",
            organisation="",
            answers={},
            page=None,
        )
        count += 1
    Invite.objects.filter(event=state).delete()
    EventRegistrations.objects.filter(pk=state.pk).update(anonymised_at=now)
    return count
