"""A statement published for the first time alerts the 'immediate' subscribers of its language."""

from datetime import timedelta

from django.utils import timezone
from wagtail.signals import page_published

from newsroom.content.models import StatementPage

from .tasks import alert_after_commit

ALERT_WINDOW = timedelta(days=1)  # re-publishing an old statement alerts nobody


def statement_published(sender, instance, **kwargs):
    first = instance.first_published_at
    if first is not None and first >= timezone.now() - ALERT_WINDOW:
        alert_after_commit(instance.pk)


def connect():
    page_published.connect(
        statement_published, sender=StatementPage, dispatch_uid="newsletter-statement-alert"
    )
