"""Publishing an event whose time, place or status changed tells its attendees; calendar
answers that reach the email provider's inbound webhook (anymail) are applied."""

import logging

from anymail.signals import inbound
from wagtail.signals import page_published

from newsroom.core import outbox
from newsroom.events.models import EventPage

from . import replies
from .models import EventRegistrations, Registration

logger = logging.getLogger(__name__)

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


def calendar_reply(sender, event, esp_name, **kwargs):
    """Mail posted to ``/anymail/<esp>/inbound/`` (which answers 403 until a webhook secret
    is set): its iTIP REPLY parts, if any, as ``manage.py process_calendar_replies`` applies
    them from a Maildir."""
    if event.message is None:
        return
    try:
        replies.Replies().process(event.message)
    except ValueError as error:
        # Answered 200 all the same: the provider would post the same broken calendar again.
        logger.warning("calendar reply from %s skipped: %s", esp_name, error)


def connect():
    page_published.connect(event_published, sender=EventPage, dispatch_uid=DISPATCH_UID)
    inbound.connect(calendar_reply, dispatch_uid="registrations.calendar_reply")
