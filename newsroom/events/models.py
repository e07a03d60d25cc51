"""Events and invitations to them."""

import zoneinfo

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
    TitleFieldPanel,
)
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page, TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from newsroom.content.listing import SectionIndexMixin
from newsroom.content.models import ARTICLE_PANELS, ArticleMixin, localized_choice
from newsroom.core.panels import SingleInlinePanel
from newsroom.core.visibility import is_public, restricted_paths


def validate_time_zone(value):
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError) as exc:
        raise ValidationError(
            _("%(zone)s is not a known time zone."), params={"zone": value}
        ) from exc


def time_zone_choices():
    # Built at form time: the list depends on the machine's tz database, so it stays out of
    # the model field and its migrations.
    return [(name, name.replace("_", " ")) for name in sorted(zoneinfo.available_timezones())]


# What a calendar shows of an event: changing any of these bumps its SEQUENCE.
SEQUENCE_FIELDS = (
    "start",
    "end",
    "time_zone",
    "venue_name",
    "venue_address",
    "online_url",
    "cancelled",
)


class EventPage(ArticleMixin, Page):
    start = models.DateTimeField(_("starts"))
    end = models.DateTimeField(_("ends"))
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        validators=[validate_time_zone],
        default="Europe/Zurich",
        help_text=_("Where the event takes place; times are shown to readers in this zone."),
    )
    venue_name = models.CharField(_("venue"), max_length=200, blank=True)
    venue_address = models.TextField(_("address"), blank=True, max_length=400)
    online_url = models.URLField(_("online link"), blank=True)
    organisers = ParentalManyToManyField(
        "content.Organisation", blank=True, related_name="events", verbose_name=_("organisers")
    )
    cancelled = models.BooleanField(_("cancelled"), default=False)
    # iCalendar SEQUENCE: bumped whenever a published event's time, place or status changes,
    # so calendar apps that imported the .ics replace their copy (see save()).
    sequence = models.PositiveIntegerField(_("calendar sequence"), default=0, editable=False)

    content_panels = ARTICLE_PANELS + [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("start"), FieldPanel("end")]),
                FieldPanel("time_zone", widget=forms.Select(choices=time_zone_choices)),
                FieldPanel("cancelled"),
            ],
            heading=_("When"),
        ),
        MultiFieldPanel(
            [FieldPanel("venue_name"), FieldPanel("venue_address"), FieldPanel("online_url")],
            heading=_("Where"),
        ),
        FieldPanel("organisers"),
        FieldPanel("topics"),
        FieldPanel("related_pages"),
    ]
    registration_panels = [
        # Owned by newsroom.registrations (SignUpSettings), named here by its relation only.
        # Headed "Sign-up settings", the model's name: one set per event, so no row number.
        SingleInlinePanel("sign_up_settings", heading=_("Sign-ups")),
        InlinePanel(
            "registration_questions",
            heading=_("Questions"),
            label=_("Question"),
            help_text=_("Asked on the sign-up form after name, email, organisation and language."),
        ),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Content")),
            ObjectList(registration_panels, heading=_("Registration")),
            ObjectList(Page.promote_panels, heading=_("Promote")),
            ObjectList(Page.settings_panels, heading=_("Settings")),
        ]
    )
    search_fields = ArticleMixin.search_fields + [
        index.SearchField("venue_name"),
        index.FilterField("start"),
    ]
    # A zone name is data, not prose: the Arabic page shares it with the English one.
    override_translatable_fields = [
        *ArticleMixin.override_translatable_fields,
        SynchronizedField("time_zone", overridable=False),
        SynchronizedField("sequence", overridable=False),
        # Sign-up settings (newsroom.registrations) are one set per event, in every language.
        SynchronizedField("sign_up_settings", overridable=False),
    ]
    parent_page_types = ["events.EventIndexPage"]
    subpage_types = ["events.InvitationPage"]
    schema_type = "Event"

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")

    def search_text_parts(self):
        return [*super().search_text_parts(), self.venue_name]

    def clean(self):
        super().clean()
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": _("The event cannot end before it starts.")})
        if not (self.venue_name or self.online_url):
            raise ValidationError({"venue_name": _("Give a venue, an online link, or both.")})

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if self.bump_sequence(update_fields) and update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "sequence"}
        return super().save(*args, **kwargs)

    def bump_sequence(self, update_fields=None):
        """Raise ``sequence`` when what calendars show changed since the version in the database.

        The database row holds the live version (drafts live in revisions), so publishing a
        revision that moves the event compares against what subscribers last saw. A revision
        carries the sequence it was drafted with, so the stored value is never lowered; one
        already ahead of the stored value (synchronised from the source language) is kept.
        Returns True when ``sequence`` changed.
        """
        if self.pk is None or (
            update_fields is not None and not set(update_fields) & set(SEQUENCE_FIELDS)
        ):
            return False
        stored = (
            EventPage.objects.filter(pk=self.pk)
            .values("first_published_at", "sequence", *SEQUENCE_FIELDS)
            .first()
        )
        if stored is None or self.sequence > stored["sequence"]:
            return False
        before = self.sequence
        moved = stored["first_published_at"] is not None and any(
            getattr(self, name) != stored[name] for name in SEQUENCE_FIELDS
        )
        self.sequence = stored["sequence"] + 1 if moved else stored["sequence"]
        return self.sequence != before

    @cached_property
    def zone(self):
        return zoneinfo.ZoneInfo(self.time_zone)

    @property
    def local_start(self):
        return timezone.localtime(self.start, self.zone)

    @property
    def local_end(self):
        return timezone.localtime(self.end, self.zone)

    @property
    def is_upcoming(self):
        return self.end >= timezone.now()

    @property
    def is_online_only(self):
        return bool(self.online_url) and not self.venue_name

    @cached_property
    def localized_organisers(self):
        return localized_choice(self, "organisers")

    def get_invitations(self):
        if not self.numchild:  # invitations are an event's only children; most have none
            return []
        restricted = restricted_paths()
        return [
            page
            for page in InvitationPage.objects.child_of(self).live()
            if is_public(page, restricted)
        ]


class RegistrationQuestion(TranslatableMixin, Orderable):
    """A question the editor adds to an event's sign-up form (translated with the page)."""

    class Kind(models.TextChoices):
        TEXT = "text", _("Text")
        CHOICE = "choice", _("Choice (one of a list)")
        CHECKBOX = "checkbox", _("Checkbox (yes or no)")

    page = ParentalKey(EventPage, on_delete=models.CASCADE, related_name="registration_questions")
    label = models.CharField(_("question"), max_length=200)
    help_text = models.CharField(_("help text"), max_length=300, blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.TEXT)
    choices = models.TextField(
        _("choices"), blank=True, help_text=_("For a choice question: one choice per line.")
    )
    required = models.BooleanField(_("required"), default=False)

    panels = [
        FieldRowPanel([FieldPanel("label"), FieldPanel("kind"), FieldPanel("required")]),
        FieldPanel("help_text"),
        FieldPanel("choices"),
    ]
    override_translatable_fields = [
        SynchronizedField("kind", overridable=False),
        SynchronizedField("required", overridable=False),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("registration question")
        ordering = ["sort_order"]

    def __str__(self):
        return self.label

    def clean(self):
        super().clean()
        if self.kind == self.Kind.CHOICE and len(self.choice_list) < 2:
            raise ValidationError({"choices": _("Give at least two choices, one per line.")})

    @property
    def choice_list(self):
        return [line.strip() for line in self.choices.splitlines() if line.strip()]


class InvitationPage(ArticleMixin, Page):
    """An invitation to an event, e.g. to a side event at a conference."""

    invitation_text = RichTextField(
        _("invitation"),
        features=["bold", "italic", "link", "ol", "ul"],
        help_text=_("The words of the invitation itself, addressed to the guest."),
    )
    hosts = models.CharField(
        _("hosted by"), max_length=300, blank=True, help_text=_("As printed on the invitation")
    )
    respond_by = models.DateField(_("please respond by"), null=True, blank=True)

    content_panels = [
        TitleFieldPanel("title", heading=_("Headline")),
        FieldPanel("subtitle"),
        FieldPanel("publication_date"),
        FieldPanel("listing_image"),
        FieldPanel("invitation_text"),
        FieldPanel("hosts"),
        FieldPanel("respond_by"),
        FieldPanel("body"),
        FieldPanel("topics"),
    ]
    parent_page_types = ["events.EventPage"]
    subpage_types = []
    schema_type = "Event"

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    @cached_property
    def event(self):
        """The event page above (two queries, so read once per instance)."""
        return self.get_parent().specific


class EventIndexPage(SectionIndexMixin, Page):
    listing_model = EventPage
    feed_section = "events"
    template = "events/event_index_page.html"
    parent_page_types = ["content.HomePage"]
    subpage_types = ["events.EventPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("events index")

    def listing_order(self):
        return ("-start", "-pk")

    def listing_date_field(self):
        return "start"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["upcoming_events"] = upcoming_events(self.locale, parent=self)
        return context


def upcoming_events(locale, parent=None):
    events = EventPage.objects.live().public().filter(locale=locale, end__gte=timezone.now())
    if parent is not None:
        events = events.child_of(parent)
    return events.select_related("listing_image").order_by("start")
