import functools

from django import template
from django.conf import settings
from django.template.defaultfilters import date as date_filter
from django.template.loader import render_to_string
from django.utils.safestring import SafeData, mark_safe
from django.utils.translation import get_language
from wagtail.models import Page

from newsroom.core import languages, sanitise, seo
from newsroom.core.i18n import (
    localise_digits,
    localise_file_size,
    neutralise_bidi,
    text_direction,
)

register = template.Library()


@register.simple_tag
def icon(name):
    """The decorative inline icon ``name`` (components/icon.html holds them all)."""
    return _icon(name)


@functools.lru_cache(maxsize=32)
def _icon(name):
    # Drawn once per process: an icon's HTML never changes, and choosing it among the
    # template's branches cost more than the rest of the box it sits in.
    return mark_safe(render_to_string("components/icon.html", {"name": name}))


@register.simple_tag(takes_context=True)
def language_alternates(context):
    """The published language versions of what is on screen (see seo.page_alternates)."""
    if "alternates" in context:
        return context["alternates"]
    page = context.get("page")
    if page is None or not getattr(page, "translation_key", None):
        return []
    return seo.page_alternates(page, context.get("request"))


@register.simple_tag
def meta_description(page, org):
    """The description search engines and link previews show (see seo.meta_description)."""
    return seo.meta_description(page, org)


@register.simple_tag
def open_graph(page):
    """The Open Graph type and image of ``page`` (see seo.open_graph)."""
    return seo.open_graph(page)


@register.filter
def x_default(alternates):
    return seo.x_default(alternates)


@register.simple_tag(takes_context=True)
def json_ld(context, page):
    return seo.json_ld_script(seo.structured_data(page, context.get("request")))


@register.simple_tag(takes_context=True)
def absolute(context, path):
    return seo.absolute_url(path, context.get("request"))


@register.simple_tag(takes_context=True)
def absolute_page_url(context, page):
    """The full URL of ``page`` ("" for a page with none), found with the request: Wagtail
    keeps the sites' root paths on it for the whole request, where ``page.url`` reads them
    from the cache again for each page instance."""
    request = context.get("request")
    path = page.get_url(request) if isinstance(page, Page) else None
    return seo.absolute_url(path, request) if path else ""


@register.filter
def digits(value):
    """Print numbers with the digits of the active language."""
    return localise_digits(value, get_language())


@register.filter
def localdate(value, fmt="DATE_FORMAT"):
    """A date in the active language: month names from the catalogue, digits localised."""
    if not value:
        return ""
    return localise_digits(date_filter(value, fmt), get_language())


@register.filter
def filesize(value):
    return localise_file_size(value, get_language())


@register.filter
def direction(language_code):
    return text_direction(language_code)


@register.filter
def og_locale(language_code):
    return languages.og_locale(language_code)


@register.simple_tag
def language_name(code):
    return dict(settings.LANGUAGES).get(code, code)


@register.filter(name="neutralise_bidi", is_safe=True)
def neutralise_bidi_filter(value):
    """Titles without bidi embedding/override/isolate controls (see i18n.neutralise_bidi).

    Works on escaped output too (``{% filter neutralise_bidi %}…{% endfilter %}``): removing
    those characters from escaped text cannot create markup, so safe input stays safe.
    """
    cleaned = neutralise_bidi(value)
    return mark_safe(cleaned) if isinstance(value, SafeData) else cleaned


@register.filter
def clean_richtext(value):
    """Rich text (a RichText value or a RichTextField's source) expanded and sanitised."""
    return sanitise.rich_text_html(value)


@register.filter
def clean_embed(value):
    """An oEmbed provider's HTML, sanitised (https iframes and plain quotations only)."""
    return mark_safe(sanitise.clean_embed(value))
