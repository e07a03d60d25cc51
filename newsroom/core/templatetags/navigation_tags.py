"""Site navigation for the public templates: the active language's home page and its sections."""

from django import template
from django.conf import settings
from django.http import QueryDict
from django.utils.translation import get_language
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Page

from newsroom.core import content_version
from newsroom.core.visibility import is_public, restricted_paths

register = template.Library()

_CACHE_ATTR = "_newsroom_navigation"


def _load_navigation():
    """(home page, section pages) of the active language: two queries, once per content
    version (content_version.fragment).

    Matching on the locale's language code instead of calling Locale.get_active() saves the
    locale look-up; the result is the same page.
    """
    try:
        language = get_supported_content_language_variant(get_language())
    except LookupError:
        language = settings.LANGUAGE_CODE
    return content_version.fragment("navigation", [language], lambda: _find_navigation(language))


def _find_navigation(language):
    # Home pages sit at depth 2 and their sections at depth 3, so one query holds both.
    pages = list(
        Page.objects.live()
        .filter(depth__in=(2, 3), locale__language_code=language)
        .only("id", "path", "depth", "title", "url_path", "show_in_menus", "locale_id")
        .order_by("path")
    )
    home = next((page for page in pages if page.depth == 2), None)
    if home is None:
        return None, []
    restricted = restricted_paths()
    if not is_public(home, restricted):
        return home, []
    children = [
        page
        for page in pages
        if page.depth == 3 and page.path.startswith(home.path) and is_public(page, restricted)
    ]
    in_menu = [page for page in children if page.show_in_menus]
    # Editors who never tick "show in menus" still get every section in the menu.
    return home, in_menu or children


def _navigation(context):
    request = context.get("request")
    if request is None:
        return _load_navigation()
    if not hasattr(request, _CACHE_ATTR):
        setattr(request, _CACHE_ATTR, _load_navigation())
    return getattr(request, _CACHE_ATTR)


@register.simple_tag(takes_context=True)
def main_navigation(context):
    """Live, public sections of the active language's home page, for the header and footer."""
    return _navigation(context)[1]


@register.simple_tag(takes_context=True)
def locale_home(context):
    """The active language's home page (the wordmark links to it)."""
    return _navigation(context)[0]


@register.filter
def trail(page):
    """The pages above ``page``, the breadcrumb's: kept by the page when it keeps them (an
    article's ``ancestors``), else from the tree."""
    kept = getattr(page, "ancestors", None)
    return kept if kept is not None else page.get_ancestors()


@register.filter
def is_section_of(section, page):
    """True when ``page`` is ``section`` or lies beneath it, to mark the current menu item."""
    if page is None or not getattr(page, "path", None):
        return False
    return page.path.startswith(section.path)


@register.simple_tag(takes_context=True)
def page_query(context, number):
    """Query string for page ``number`` of a listing, keeping its filters (or search terms)."""
    query = context.get("filter_query")
    if query is None:
        request = context.get("request")
        params = request.GET.copy() if request is not None else QueryDict(mutable=True)
        params.pop("page", None)
        query = params.urlencode()
    if number and int(number) > 1:
        query = f"{query}&page={number}" if query else f"page={number}"
    return f"?{query}" if query else "?"


@register.filter
def elided_pages(page_obj):
    """Page numbers around the current one, with None where a run of numbers is left out."""
    paginator = page_obj.paginator
    return [
        None if number == paginator.ELLIPSIS else number
        for number in paginator.get_elided_page_range(page_obj.number, on_each_side=1, on_ends=1)
    ]
