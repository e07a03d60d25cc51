"""Publishing an event whose time, place or status changed tells its attendees."""

from django.db.transaction import on_commit
from wagtail.signals import page_published

DISPATCH_UID = "registrations.event_published"


def event_published(sender, instance, **kwargs):
    from .models import EventRegistrations, Registration

    state = EventRegistrations.objects.filter(translation_key=instance.translation_key).first()
    if state is None:
        return
    # Only when someone holds an older calendar version than the page now published, or
    # the event was cancelled and people waiting for a seat have not been told.
    Status = Registration.Status
    behind = Registration.objects.filter(
        event=state, status=Status.CONFIRMED, sent_sequence__lt=instance.sequence
    ).exists()
    waiting = instance.cancelled and (
        Registration.objects.filter(
            event=state,
            status__in=(Status.WAITLISTED, Status.OFFERED),
            cancellation_sent_at__isnull=True,
        ).exists()
    )
    if not (behind or waiting):
        return
    from . import tasks

    key = str(instance.translation_key)
    on_commit(lambda: tasks.notify_change.delay(key))


def connect():
    from newsroom.events.models import EventPage

    page_published.connect(event_published, sender=EventPage, dispatch_uid=DISPATCH_UID)
