"""Subscribers, sends (one digest period, alert or test) and the delivery ledger.

A ``Delivery`` is the ledger row of one message to one subscriber within one ``Send``; the
pair is unique, so a period's digest can never be planned twice for the same person. See
``newsletter.ledger`` for how rows are claimed, sent and marked.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from newsroom.core import languages
from newsroom.core.mail import message_id, normalise_email


class Frequency(models.TextChoices):
    DAILY = "daily", _("Daily digest")
    WEEKLY = "weekly", _("Weekly digest")
    IMMEDIATE = "immediate", _("Statements as soon as they are published")


DIGEST_FREQUENCIES = (Frequency.DAILY, Frequency.WEEKLY)


class SubscriberQuerySet(models.QuerySet):
    def receiving(self):
        """Addresses we may write to: confirmed, not unsubscribed, not suppressed."""
        return self.filter(status=Subscriber.Status.CONFIRMED)


class Subscriber(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("waiting for confirmation")
        CONFIRMED = "confirmed", _("confirmed")
        UNSUBSCRIBED = "unsubscribed", _("unsubscribed")
        SUPPRESSED = "suppressed", _("suppressed (bounced or complained)")

    # Lower-cased on save; RFC 5321 caps a forward path at 254 characters.
    email = models.EmailField(_("email address"), max_length=254, unique=True)
    # The secret that signed links name; a new one invalidates every link sent so far.
    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    language = models.CharField(_("language"), max_length=8, choices=languages.choices)
    topics = models.ManyToManyField(
        "content.Topic",
        blank=True,
        related_name="+",
        verbose_name=_("topics"),
        help_text=_("None chosen: everything."),
    )
    frequency = models.CharField(
        _("frequency"), max_length=16, choices=Frequency.choices, default=Frequency.WEEKLY
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    created_at = models.DateTimeField(_("signed up"), default=timezone.now)
    consent_at = models.DateTimeField(_("consent given"), null=True, blank=True)
    updated_at = models.DateTimeField(_("preferences changed"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(_("unsubscribed"), null=True, blank=True)
    suppressed_at = models.DateTimeField(_("suppressed"), null=True, blank=True)
    suppressed_reason = models.CharField(_("suppression reason"), max_length=200, blank=True)

    objects = SubscriberQuerySet.as_manager()

    class Meta:
        verbose_name = _("subscriber")
        verbose_name_plural = _("subscribers")
        indexes = [models.Index(fields=["status", "frequency", "id"])]

    def __str__(self):
        return self.email

    def save(self, *args, **kwargs):
        self.email = normalise_email(self.email)
        super().save(*args, **kwargs)

    @property
    def is_receiving(self):
        return self.status == self.Status.CONFIRMED

    def topic_keys(self):
        return sorted(str(key) for key in self.topics.values_list("translation_key", flat=True))


class Send(models.Model):
    """One digest period (``daily:2026-05-04``, ``weekly:2026-W19``), alert or welcome day."""

    class Kind(models.TextChoices):
        DAILY = "daily", _("daily digest")
        WEEKLY = "weekly", _("weekly digest")
        ALERT = "alert", _("statement alert")
        WELCOME = "welcome", _("welcome")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    period = models.CharField(_("period"), max_length=120, unique=True)
    # Pages first published up to this moment belong to this send; a re-run uses the same.
    cutoff = models.DateTimeField(_("content up to"))
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("page"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("created by"),
    )

    class Meta:
        verbose_name = _("newsletter send")
        verbose_name_plural = _("newsletter sends")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.period

    def counts(self):
        return delivery_counts(self.deliveries.all())


def delivery_counts(deliveries):
    """Counts by what an editor wants to know: queued, sent, failed, bounced."""
    status = Delivery.Status
    return deliveries.aggregate(
        queued=Count("pk", filter=Q(status__in=(status.PENDING, status.SENDING))),
        sent=Count("pk", filter=Q(status=status.SENT)),
        failed=Count("pk", filter=Q(status=status.FAILED)),
        bounced=Count("pk", filter=Q(status=status.BOUNCED)),
        skipped=Count("pk", filter=Q(status=status.SKIPPED)),
    )


class Delivery(models.Model):
    """Ledger row: created before the message is sent, claimed, then marked."""

    class Status(models.TextChoices):
        PENDING = "pending", _("queued")
        SENDING = "sending", _("sending")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")
        BOUNCED = "bounced", _("bounced")
        SKIPPED = "skipped", _("skipped")

    send = models.ForeignKey(Send, on_delete=models.CASCADE, related_name="deliveries")
    # Kept (anonymous) when a subscriber erases their data, so the send's counts stay true.
    subscriber = models.ForeignKey(
        Subscriber, null=True, on_delete=models.SET_NULL, related_name="deliveries"
    )
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    # The content window: pages first published in (since, until].
    since = models.DateTimeField(null=True)
    until = models.DateTimeField()
    item_count = models.PositiveIntegerField(default=0)
    attempts = models.PositiveSmallIntegerField(default=0)
    attempt_id = models.UUIDField(null=True, blank=True)
    lease_until = models.DateTimeField(null=True, blank=True)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    error = models.CharField(max_length=500, blank=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [
            models.UniqueConstraint(
                fields=["send", "subscriber"], name="newsletter_one_delivery_per_send"
            )
        ]
        indexes = [
            models.Index(fields=["send", "status"]),
            models.Index(fields=["subscriber", "status"]),
        ]

    def __str__(self):
        return f"{self.send_id}/{self.subscriber_id}: {self.status}"

    @property
    def message_id(self):
        """Stable across retries, so a rare re-send is recognisable as the same message; the
        row's creation time keeps it apart from a row of a reset database with the same keys."""
        return message_id("newsletter", self.send_id, self.pk, self.created_at.isoformat())
