"""Which feeds a change affects; the receivers only name them, a Celery task builds them.

- An article or event published, unpublished, moved or deleted: the token ``<lang>/page/<id>``
  (the builder turns it into every feed that held the page at its last build plus every feed
  that should hold it now: the language's all-feed, its section, its topics; for an event
  also the language's calendar) and, for an event, its own ``.ics``. An invitation is an
  item of the feeds like an article; the calendars hold events only.
- A home or section index page: every feed of its language (titles and item URLs hang on it).
- A view restriction added or removed: every feed of that language.
- A topic or organisation edited or deleted: the feeds of its language (not per-event files).
- The organisation's profile edited or deleted: every feed of every language (its name is
  every feed's title and author, and a language without a translation borrows another's).
"""

from django.conf import settings
from django.db.models.signals import post_delete, post_save, pre_delete
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from newsroom.content.models import Organisation, Topic
from newsroom.core import sections
from newsroom.core.models import OrganisationProfile

from .calendars import has_calendar
from .catalogue import feed_section
from .tasks import schedule

DISPATCH_PREFIX = "newsroom.feeds."


def language_of(instance):
    locale = getattr(instance, "locale", None)
    return locale.language_code if locale is not None else None


def keys_for_page(page):
    language = language_of(page)
    if language is None:
        return set()
    model = page.specific_class or type(page)
    if model is not None and issubclass(model, sections.structural_models()):
        return {f"{language}/*"}
    section = feed_section(model) if model is not None else None
    if section is None:
        return set()
    keys = {f"{language}/page/{page.pk}"}
    if has_calendar(model):
        keys.add(f"{language}/events/{page.translation_key}.ics")
    return keys


def page_changed(sender, instance, **kwargs):
    schedule(keys_for_page(instance))


def page_deleted(sender, instance, **kwargs):
    # pre_delete: the page (and its locale) can still be read.
    schedule(keys_for_page(instance))


def restriction_changed(sender, instance, **kwargs):
    try:
        page = instance.page
    except Page.DoesNotExist:
        return
    language = language_of(page)
    if language:
        schedule({f"{language}/*"})


def snippet_changed(sender, instance, **kwargs):
    language = language_of(instance)
    if language:
        schedule({f"{language}/feeds"})


def profile_changed(sender, instance, **kwargs):
    schedule({f"{code}/*" for code, _name in settings.LANGUAGES})


def connect():
    page_published.connect(page_changed, dispatch_uid=DISPATCH_PREFIX + "published")
    page_unpublished.connect(page_changed, dispatch_uid=DISPATCH_PREFIX + "unpublished")
    post_page_move.connect(page_changed, dispatch_uid=DISPATCH_PREFIX + "moved")
    pre_delete.connect(page_deleted, sender=Page, dispatch_uid=DISPATCH_PREFIX + "deleted")
    for signal in (post_save, post_delete):
        signal.connect(
            restriction_changed,
            sender=PageViewRestriction,
            dispatch_uid=f"{DISPATCH_PREFIX}restriction-{signal is post_save}",
        )
        signal.connect(
            profile_changed,
            sender=OrganisationProfile,
            dispatch_uid=f"{DISPATCH_PREFIX}profile-{signal is post_save}",
        )
        for model in (Topic, Organisation):
            signal.connect(
                snippet_changed,
                sender=model,
                dispatch_uid=f"{DISPATCH_PREFIX}{model.__name__}-{signal is post_save}",
            )
