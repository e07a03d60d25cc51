"""Receivers for page changes: titles lose their bidi controls; the content version moves.

Page titles are saved without bidi embedding, override or isolate controls.

A U+202E (RIGHT-TO-LEFT OVERRIDE) in a title would reverse whatever follows it wherever the
title is shown inline (a card, a list of latest pages, a breadcrumb). Removing the controls
when a page is saved (by an editor, a translation, an import or a published revision) keeps
them out of every place a title goes; the templates also isolate titles in ``<bdi>`` for rows
saved before. Marks (LRM, RLM, ALM) stay: editors use them in Arabic titles.
"""

from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import CollectionViewRestriction, Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from . import content_version
from .i18n import neutralise_bidi
from .models import OrganisationProfile

TITLE_FIELDS = ("title", "draft_title", "seo_title")


@receiver(pre_save)
def remove_bidi_controls_from_titles(sender, instance, **kwargs):
    if not isinstance(instance, Page):
        return
    for name in TITLE_FIELDS:
        value = getattr(instance, name, None)
        if value:
            setattr(instance, name, neutralise_bidi(value))


# Every change a reader can see changes the content version (newsroom.core.content_version):
# publishing, unpublishing, moving and deleting a page, a saved live page (imports and
# scripts that skip publishing), a page's view restrictions, the sites (their root pages make
# every URL), the organisation's profile (its name is on every page:
# newsroom.core.organisation), and images, documents and their collections' privacy (the API's
# details show image renditions and PDFs: newsroom.api.representations).
page_published.connect(content_version.bump, dispatch_uid="content_version_published")
page_unpublished.connect(content_version.bump, dispatch_uid="content_version_unpublished")
post_page_move.connect(content_version.bump, dispatch_uid="content_version_moved")
for signal in (post_save, post_delete):
    signal.connect(
        content_version.bump,
        sender=PageViewRestriction,
        dispatch_uid=f"content_version_restriction_{signal is post_save}",
    )
    signal.connect(
        content_version.bump,
        sender=Site,  # every page URL and the site a request is for (newsroom.core.sites)
        dispatch_uid=f"content_version_site_{signal is post_save}",
    )
    signal.connect(
        content_version.bump,
        sender=OrganisationProfile,
        dispatch_uid=f"content_version_organisation_{signal is post_save}",
    )
    for model in (get_image_model(), get_document_model(), CollectionViewRestriction):
        signal.connect(
            content_version.bump,
            sender=model,
            dispatch_uid=f"content_version_{model.__name__}_{signal is post_save}",
        )


@receiver(post_delete, dispatch_uid="content_version_page_deleted")
def page_deleted(sender, instance, **kwargs):
    if isinstance(instance, Page):
        content_version.bump()


@receiver(post_save, dispatch_uid="content_version_live_page_saved")
def live_page_saved(sender, instance, **kwargs):
    if isinstance(instance, Page) and instance.live:
        content_version.bump()
