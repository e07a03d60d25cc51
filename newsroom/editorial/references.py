"""What a page points at, and what a reader of its language actually gets.

Snippets (topics, organisations) and chosen pages are shown in the page's language when a
version exists, and otherwise fall back to the source-language object (the public templates
do this through ``localized_*`` and ``get_related``). Documents carry a language of their
own. This module lists every such reference of a page with how it resolves, so the editor
sees each fallback instead of discovering it on the public page.
"""

from dataclasses import dataclass

from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail import blocks
from wagtail.documents import get_document_model
from wagtail.fields import StreamField
from wagtail.models import Page, TranslatableMixin

from .status import language_name

TRANSLATED = "translated"
FALLBACK = "fallback"
NOT_LIVE = "not_live"
MATCHES = "matches"

OUTCOME_LABELS = {
    TRANSLATED: _("in the page's language"),
    FALLBACK: _("no version in the page's language: the original is used"),
    NOT_LIVE: _("not published: readers will not see it"),
    MATCHES: _("in the page's language"),
}


@dataclass
class Reference:
    field: str
    chosen: object
    shown: object | None
    outcome: str

    @property
    def outcome_label(self):
        return OUTCOME_LABELS[self.outcome]

    @property
    def is_problem(self):
        return self.outcome in (FALLBACK, NOT_LIVE)

    @property
    def shown_language(self):
        shown = self.shown
        locale = getattr(shown, "locale", None)
        if locale is not None:
            return language_name(locale.language_code)
        return language_name(getattr(shown, "language", "") or "")


def _resolve_translatable(obj, locale, field):
    if isinstance(obj, Page):
        translated = obj.get_translation_or_none(locale)
        if translated is not None and translated.live:
            return Reference(field, obj, translated, TRANSLATED)
        if obj.live:
            return Reference(field, obj, obj, FALLBACK if obj.locale_id != locale.pk else MATCHES)
        return Reference(field, obj, None, NOT_LIVE)
    translated = obj.get_translation_or_none(locale)
    if translated is not None:
        return Reference(field, obj, translated, TRANSLATED)
    return Reference(field, obj, obj, FALLBACK)


def _resolve_document(document, locale, field):
    language = getattr(document, "language", "")
    if not language or language == locale.language_code:
        return Reference(field, document, document, MATCHES)
    return Reference(field, document, document, FALLBACK)


def _resolve(obj, locale, field):
    if obj is None:
        return None
    if isinstance(obj, TranslatableMixin):
        return _resolve_translatable(obj, locale, field)
    if isinstance(obj, get_document_model()):
        return _resolve_document(obj, locale, field)
    return None


def _stream_objects(value, label):
    """(label, chosen object) for the chooser blocks inside a StreamField value."""
    for child in value:
        yield from _block_objects(child.block, child.value, f"{label} › {child.block.label}")


def _block_objects(block, value, label):
    if isinstance(block, blocks.ChooserBlock):
        if value is not None:
            yield label, value
    elif isinstance(block, blocks.StructBlock):
        for name, child in block.child_blocks.items():
            yield from _block_objects(child, value.get(name), f"{label} › {child.label}")
    elif isinstance(block, blocks.ListBlock):
        for item in value:
            yield from _block_objects(block.child_block, item, label)
    elif isinstance(block, blocks.StreamBlock):
        yield from _stream_objects(value, label)


def page_references(page):
    """Every translatable or language-bearing object ``page`` points at, resolved."""
    page = page.specific
    locale = page.locale
    found = []
    for field in page._meta.get_fields():
        if field.name in {"locale", "alias_of", "owner", "locked_by", "latest_revision"}:
            continue
        label = capfirst(str(getattr(field, "verbose_name", field.name)))
        if isinstance(field, ParentalManyToManyField):
            if issubclass(field.related_model, TranslatableMixin):
                for obj in getattr(page, field.name).all():
                    found.append(_resolve(obj, locale, label))
        elif isinstance(field, models.ForeignKey) and not field.name.endswith("_ptr"):
            related = field.related_model
            if issubclass(related, TranslatableMixin | get_document_model()):
                found.append(_resolve(getattr(page, field.name), locale, label))
        elif isinstance(field, StreamField):
            for where, obj in _stream_objects(field.value_from_object(page), label):
                found.append(_resolve(obj, locale, where))
    return [ref for ref in found if ref is not None]
