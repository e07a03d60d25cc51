"""Publishing an event whose time, place or status changed tells its attendees."""

from wagtail.signals import page_published

from newsroom.core import outbox
from newsroom.events.models import EventPage

from .models import EventRegistrations, Registration

DISPATCH_UID = "registrations.event_published"
# The task (``tasks.notify_change``) by name: the tasks module calls this app's services.
NOTIFY_CHANGE = "registrations.notify_change"


def event_published(sender, instance, **kwargs):
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
    # Through the outbox: publishing works while Redis is down; attendees hear once it is back.
    outbox.enqueue(NOTIFY_CHANGE, str(instance.translation_key))


def connect():
    page_published.connect(event_published, sender=EventPage, dispatch_uid=DISPATCH_UID)
