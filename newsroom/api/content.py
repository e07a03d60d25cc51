"""What the API publishes: the page types it knows and the pages a reader may see."""

import functools

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils import timezone
from wagtail.models import Page

from newsroom.core import sections
from newsroom.core.visibility import public_q

# The URLconf imports the API after every app's ready() has registered its sections, so these
# are read once. Public names of the page types, in the order the docs list them.
PAGE_TYPES = sections.type_names()

# Each type can only live under one kind of section index (parent_page_types), so a section
# is a set of types: no tree lookup needed, and the filter stays a FilterField for search.
SECTIONS = {
    section.key: tuple(page_type.name for page_type in section.page_types)
    for section in sections.all_sections()
}

LANGUAGE_CODES = [code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES]


def visibility():
    """A Q matching every page a reader may see: live, public, not expired, not an alias.

    Scheduled pages are not live until their time comes, so ``live`` keeps them out. An alias
    in the Arabic tree is an untranslated copy of the English page: the API never passes
    source-language content off as a translation. View restrictions' subtrees are matched by
    path from the cached list (``public_q``), so the Q works on ``Page`` and on every page
    model, as often as a request needs it, without a query.
    """
    return (
        Q(live=True, alias_of__isnull=True)
        & public_q()
        & (Q(expire_at__isnull=True) | Q(expire_at__gt=timezone.now()))
    )


def content_pages(visible, models=None):
    """The article and event pages (``models``, all by default) that ``visible`` matches:
    never the home or section index pages."""
    models = tuple(PAGE_TYPES.values()) if models is None else tuple(models)
    if not models:
        return Page.objects.none()
    content_types = ContentType.objects.get_for_models(*_with_subclasses(models))
    return Page.objects.filter(visible, content_type_id__in=[t.pk for t in content_types.values()])


@functools.cache
def _with_subclasses(models):
    # What Wagtail's PageQuerySet.type() looks for on every call, through every installed model.
    return [model for model in apps.get_models() if issubclass(model, models)]


def type_name(page):
    return sections.type_name(page.specific_class)
