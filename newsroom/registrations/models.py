"""Sign-ups for events, shared by both language versions of an event.

An event's registrations hang off one ``EventRegistrations`` row per event translation key
(never per language), which is also the row locked (``select_for_update``) whenever a seat is
taken, freed or offered, so seats are handed out exactly once under concurrency. A unique
constraint on (event, normalised email) makes a second sign-up with the same address
impossible, whatever the timing.

Lifecycle: pending (email not confirmed yet) → confirmed | waitlisted; waitlisted → offered
(a freed seat held until ``offer_expires_at``) → confirmed | expired; any → cancelled.
"""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel

from newsroom.core.mail import normalise_email
from newsroom.events.deadlines import KEPT
from newsroom.events.models import EventPage


class SignUpSettings(models.Model):
    """Whether and how an event takes sign-ups: one row per event page, edited on the page's
    Registration tab. Not translatable: wagtail-localize copies it to each translation as a
    synchronised child relation, so both language versions share one set. No row: sign-ups
    are off."""

    page = ParentalKey(
        "events.EventPage", on_delete=models.CASCADE, related_name="sign_up_settings"
    )
    enabled = models.BooleanField(
        _("take sign-ups"),
        default=False,
        help_text=_("Show a sign-up form on this event and on its invitations."),
    )
    opens_at = models.DateTimeField(
        _("registration opens"), null=True, blank=True, help_text=_("Blank: as soon as published.")
    )
    closes_at = models.DateTimeField(
        _("registration closes"),
        null=True,
        blank=True,
        help_text=_("Blank: when the event starts. Registration always closes by then."),
    )
    capacity = models.PositiveIntegerField(
        _("seats"),
        null=True,
        blank=True,
        help_text=_("Blank: no limit. When every seat is taken, people join a waiting list."),
    )
    invitation_only = models.BooleanField(
        _("invitation only"),
        default=False,
        help_text=_(
            "Only people with a personal invitation link (imported in the admin) can sign up."
        ),
    )
    offer_hold_hours = models.PositiveIntegerField(
        _("hours to claim a freed seat"),
        null=True,
        blank=True,
        help_text=_(
            "How long a seat offered to the next person on the waiting list is held. "
            "Blank: the site default."
        ),
    )

    panels = [
        FieldPanel("enabled"),
        FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")]),
        FieldRowPanel([FieldPanel("capacity"), FieldPanel("offer_hold_hours")]),
        FieldPanel("invitation_only"),
    ]

    class Meta:
        verbose_name = _("sign-up settings")
        verbose_name_plural = _("sign-up settings")

    def __str__(self):
        return str(_("sign-up settings"))

    def clean(self):
        super().clean()
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": _("Registration must close after it opens.")})


def keep_sign_up_settings(event_page):
    """Read a saved event page's sign-up settings once for the rest of the request, where
    ``deadlines.sign_up_settings`` finds them, in one query of plain SQL: every event page a
    reader opens asks, and Django's prefetching took eight times as long as the database took
    to answer. A preview's unsaved settings (modelcluster holds them) stay where they are."""
    if "sign_up_settings" in getattr(event_page, "_cluster_related_objects", {}):
        return
    fields = SignUpSettings._meta.concrete_fields
    quote = connection.ops.quote_name
    sql = (
        f"SELECT {', '.join(quote(field.column) for field in fields)} "
        f"FROM {quote(SignUpSettings._meta.db_table)} WHERE {quote('page_id')} = %s "
        f"ORDER BY {quote('id')} LIMIT 1"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [event_page.pk])
        row = cursor.fetchone()
    found = None
    if row is not None:
        found = SignUpSettings.from_db(connection.alias, [f.attname for f in fields], row)
        found._state.fields_cache["page"] = event_page
    event_page.__dict__[KEPT] = found


class EventRegistrations(models.Model):
    """The registration state of one event (all its languages): the lock row for seats."""

    translation_key = models.UUIDField(unique=True)
    # The calendar SEQUENCE attendees were last told about (updates and cancellations).
    notified_sequence = models.PositiveIntegerField(default=0)
    notified_cancelled = models.BooleanField(default=False)
    anonymised_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("event registrations")
        verbose_name_plural = _("event registrations")

    def __str__(self):
        return str(self.translation_key)

    def source_page(self):
        """The event page in the default language if it exists, else any language version."""
        pages = EventPage.objects.filter(translation_key=self.translation_key).select_related(
            "locale"
        )
        by_language = {page.locale.language_code: page for page in pages}
        return by_language.get(settings.LANGUAGE_CODE) or next(iter(by_language.values()), None)

    def page_in(self, language):
        return (
            EventPage.objects.filter(
                translation_key=self.translation_key, locale__language_code=language
            ).first()
            or self.source_page()
        )


class Invite(models.Model):
    """A personal invitation link for an invitation-only event; the code works once."""

    event = models.ForeignKey(EventRegistrations, on_delete=models.CASCADE, related_name="invites")
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("email"), max_length=254)
    email_normalised = models.CharField(max_length=254, editable=False)
    language = models.CharField(_("language"), max_length=8)
    code = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "email_normalised"], name="registrations_invite_unique_email"
            )
        ]

    def __str__(self):
        return f"{self.name} <{self.email}>"

    def save(self, *args, **kwargs):
        self.email_normalised = normalise_email(self.email)
        super().save(*args, **kwargs)


class Registration(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Email not confirmed")
        CONFIRMED = "confirmed", _("Confirmed")
        WAITLISTED = "waitlisted", _("On the waiting list")
        OFFERED = "offered", _("Seat offered")
        EXPIRED = "expired", _("Offer expired")
        CANCELLED = "cancelled", _("Cancelled")

    class Source(models.TextChoices):
        FORM = "form", _("Sign-up form")
        INVITE = "invite", _("Invitation link")
        ADMIN = "admin", _("Added by an editor")

    # Statuses that hold a seat.
    SEATED = (Status.CONFIRMED, Status.OFFERED)

    event = models.ForeignKey(
        EventRegistrations, on_delete=models.CASCADE, related_name="registrations"
    )
    # What the signed links carry (never the row id or the address).
    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # The page the person signed up on (the event or one of its invitations, either language).
    page = models.ForeignKey(
        "wagtailcore.Page", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("email"), max_length=254)
    email_normalised = models.CharField(max_length=254, editable=False)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    language = models.CharField(_("language"), max_length=8)
    # {question translation key: answer}; a choice is stored in the event's source language.
    answers = models.JSONField(default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    source = models.CharField(max_length=8, choices=Source.choices, default=Source.FORM)
    invite = models.ForeignKey(
        Invite, null=True, blank=True, on_delete=models.SET_NULL, related_name="registrations"
    )

    created_at = models.DateTimeField(default=timezone.now)
    # When the address was confirmed: the waiting list is in this order.
    email_confirmed_at = models.DateTimeField(null=True, blank=True, db_index=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    waitlisted_at = models.DateTimeField(null=True, blank=True)
    offered_at = models.DateTimeField(null=True, blank=True)
    offer_expires_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    checked_in_at = models.DateTimeField(null=True, blank=True)
    # When they answered Accept to the calendar invitation (``replies``).
    attendance_confirmed_at = models.DateTimeField(null=True, blank=True)

    # Emails sent (a retried task never sends one twice).
    verify_sent_at = models.DateTimeField(null=True, blank=True)
    confirmation_sent_at = models.DateTimeField(null=True, blank=True)
    waitlist_sent_at = models.DateTimeField(null=True, blank=True)
    offer_sent_at = models.DateTimeField(null=True, blank=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    cancellation_sent_at = models.DateTimeField(null=True, blank=True)
    already_sent_at = models.DateTimeField(null=True, blank=True)
    # The event SEQUENCE in the last calendar invitation this person was sent.
    sent_sequence = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        # Attendees' personal data is not a page's: editing an event (in any language) does
        # not show it. Only holders of this permission (and superusers) see and export it.
        permissions = [
            ("manage_attendees", _("Can see, export and manage the attendees of events"))
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "email_normalised"], name="registrations_unique_email"
            )
        ]
        indexes = [models.Index(fields=["event", "status"])]

    def __str__(self):
        return f"{self.name} <{self.email}>"

    def save(self, *args, **kwargs):
        self.email_normalised = normalise_email(self.email)
        if kwargs.get("update_fields") is not None and "email" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "email_normalised"}
        super().save(*args, **kwargs)

    @property
    def holds_seat(self):
        return self.status in self.SEATED

    def waitlist_position(self):
        """1 for the first person on the waiting list; None when not on it."""
        if self.status != self.Status.WAITLISTED:
            return None
        ahead = Registration.objects.filter(
            event_id=self.event_id,
            status=self.Status.WAITLISTED,
        ).filter(
            models.Q(email_confirmed_at__lt=self.email_confirmed_at)
            | models.Q(email_confirmed_at=self.email_confirmed_at, pk__lt=self.pk)
        )
        return ahead.count() + 1
