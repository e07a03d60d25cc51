from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.documents.models import AbstractDocument, Document
from wagtail.models import TranslatableMixin
from wagtail_localize.fields import SynchronizedField

from . import languages
from .colours import validate_accent_colour


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
    # When it last moved: no change readers can see is newer (the API's Last-Modified).
    changed_at = models.DateTimeField(null=True)


class OrganisationProfile(TranslatableMixin, models.Model):
    """Who publishes the site, in one language: the name, words and links every page, email,
    feed, calendar and API response carry (``newsroom.core.organisation`` reads it).

    One profile, translated: the first one saved is the site's, and every other row is a
    translation of it (same ``translation_key``), which ``clean`` enforces."""

    name = models.CharField(
        _("name"), max_length=120, help_text=_("As readers should see it, in this language.")
    )
    short_description = models.CharField(
        _("short description"),
        max_length=300,
        blank=True,
        help_text=_("One sentence on who you are; shown in the footer and in emails."),
    )
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Shown beside the name in the header; a wide image at least 96 px high."),
    )
    accent_colour = models.CharField(
        _("accent colour"),
        max_length=7,
        default="#b3211b",
        validators=[validate_accent_colour],
        help_text=_(
            "Links, buttons and highlights, as #rrggbb; dark enough to read on white "
            "(a contrast of at least 4.5 to 1)."
        ),
    )
    website_url = models.URLField(_("website"), blank=True)
    mastodon_url = models.URLField(_("Mastodon"), blank=True)
    bluesky_url = models.URLField(_("Bluesky"), blank=True)
    facebook_url = models.URLField(_("Facebook"), blank=True)
    instagram_url = models.URLField(_("Instagram"), blank=True)
    youtube_url = models.URLField(_("YouTube"), blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    contact_address = models.TextField(
        _("postal address"),
        blank=True,
        help_text=_("One line per line of the address; shown in the footer and in emails."),
    )
    footer_text = models.TextField(
        _("footer text"),
        blank=True,
        help_text=_("A line or two under the copyright notice (a registration number, say)."),
    )

    # Translators translate the words; links, logo and colour are copied from the source, and
    # a translation may point to its own accounts or logo (overridable), never its own colour.
    override_translatable_fields = [
        SynchronizedField("accent_colour", overridable=False),
        SynchronizedField("logo"),
        SynchronizedField("contact_email"),
        *(
            SynchronizedField(name)
            for name in (
                "website_url",
                "mastodon_url",
                "bluesky_url",
                "facebook_url",
                "instagram_url",
                "youtube_url",
            )
        ),
    ]
    panels = [
        FieldPanel("name"),
        FieldPanel("short_description"),
        FieldRowPanel([FieldPanel("logo"), FieldPanel("accent_colour")]),
        MultiFieldPanel(
            [
                FieldPanel("website_url"),
                FieldPanel("mastodon_url"),
                FieldPanel("bluesky_url"),
                FieldPanel("facebook_url"),
                FieldPanel("instagram_url"),
                FieldPanel("youtube_url"),
            ],
            heading=_("Links"),
        ),
        MultiFieldPanel(
            [FieldPanel("contact_email"), FieldPanel("contact_address")], heading=_("Contact")
        ),
        FieldPanel("footer_text"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("organisation profile")
        verbose_name_plural = _("organisation profiles")

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        first = (
            OrganisationProfile.objects.exclude(pk=self.pk)
            .order_by("pk")
            .values_list("translation_key", flat=True)
            .first()
        )
        if first is not None and first != self.translation_key:
            raise ValidationError(
                _(
                    "The site has an organisation profile already: edit it, or translate it "
                    "into this language, rather than adding another."
                )
            )
