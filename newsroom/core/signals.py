"""Page titles are saved without bidi embedding, override or isolate controls.

A U+202E (RIGHT-TO-LEFT OVERRIDE) in a title would reverse whatever follows it wherever the
title is shown inline (a card, a list of latest pages, a breadcrumb). Removing the controls
when a page is saved (by an editor, a translation, an import or a published revision) keeps
them out of every place a title goes; the templates also isolate titles in ``<bdi>`` for rows
saved before. Marks (LRM, RLM, ALM) stay: editors use them in Arabic titles.
"""

from django.db.models.signals import pre_save
from django.dispatch import receiver
from wagtail.models import Page

from .i18n import neutralise_bidi

TITLE_FIELDS = ("title", "draft_title", "seo_title")


@receiver(pre_save)
def remove_bidi_controls_from_titles(sender, instance, **kwargs):
    if not isinstance(instance, Page):
        return
    for name in TITLE_FIELDS:
        value = getattr(instance, name, None)
        if value:
            setattr(instance, name, neutralise_bidi(value))
