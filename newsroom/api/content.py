"""What the API publishes: the page types it knows and the pages a reader may see."""

from django.conf import settings
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
    models = list(PAGE_TYPES.values()) if models is None else models
    if not models:
        return Page.objects.none()
    return Page.objects.filter(visible).type(*models)


def type_name(page):
    return sections.type_name(page.specific_class)
