from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.documents.models import AbstractDocument, Document

from . import languages


class NewsroomDocument(AbstractDocument):
    """A document that knows which language it is written in (shown on download buttons)."""

    language = models.CharField(
        _("language"),
        max_length=8,
        choices=languages.choices,
        blank=True,
        help_text=_("The language the document is written in."),
    )

    admin_form_fields = Document.admin_form_fields + ("language",)

    class Meta(AbstractDocument.Meta):
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    @property
    def language_name(self):
        return dict(settings.LANGUAGES).get(self.language, "")


class OutboxJob(models.Model):
    """A Celery task call stored with what caused it (a sign-up, say), in the same
    transaction, so a broker that is down loses nothing (``newsroom.core.outbox``)."""

    task = models.CharField(max_length=200)  # the Celery task's name
    args = models.JSONField(default=list)
    kwargs = models.JSONField(default=dict)
    created_at = models.DateTimeField(default=timezone.now)
    dispatched_at = models.DateTimeField(null=True, blank=True)  # last handed to the broker
    attempts = models.PositiveSmallIntegerField(default=0)  # times handed to the broker
    running_until = models.DateTimeField(null=True, blank=True)  # a worker's claim on it
    done_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)  # the last failure, for the operator

    class Meta:
        indexes = [
            models.Index(
                fields=["created_at"],
                condition=models.Q(done_at__isnull=True),
                name="core_outbox_waiting",
            )
        ]

    def __str__(self):
        return f"{self.task} #{self.pk}"


class ContentVersion(models.Model):
    """One row whose number changes with every change a reader can see
    (``newsroom.core.content_version``)."""

    value = models.BigIntegerField(default=0)
