from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.documents.models import AbstractDocument, Document


class NewsroomDocument(AbstractDocument):
    """A document that knows which language it is written in (shown on download buttons)."""

    language = models.CharField(
        _("language"),
        max_length=8,
        choices=settings.LANGUAGES,
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
