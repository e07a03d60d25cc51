"""Events and invitations to them."""

import zoneinfo

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from newsroom.content.models import ARTICLE_PANELS, ArticleMixin, localized_in
from newsroom.core.listing import SectionIndexMixin


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
    search_fields = ArticleMixin.search_fields + [
        index.SearchField("venue_name"),
        index.FilterField("start"),
    ]
    # A zone name is data, not prose: the Arabic page shares it with the English one.
    override_translatable_fields = [
        SynchronizedField("time_zone", overridable=False),
        SynchronizedField("sequence", overridable=False),
    ]
    parent_page_types = ["events.EventIndexPage"]
    subpage_types = ["events.InvitationPage"]
    schema_type = "Event"

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")

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
        return localized_in(self.organisers.all(), self.locale)

    def get_invitations(self):
        return InvitationPage.objects.child_of(self).live().public()


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
        FieldPanel("title", heading=_("Headline")),
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

    @property
    def event(self):
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
