"""``{% organisation as org %}``: the organisation's profile in the active language
(``newsroom.core.organisation``), and the stylesheet of its accent colour."""

from django import template
from django.conf import settings
from django.urls import reverse
from django.utils.translation import get_language
from wagtail.coreutils import get_supported_content_language_variant

from newsroom.core.organisation import profile_for

register = template.Library()

DEFAULT_ACCENT = "#b3211b"  # the one site/static/css/newsroom.css starts from


def active_language():
    try:
        return get_supported_content_language_variant(get_language())
    except LookupError:
        return settings.LANGUAGE_CODE


@register.simple_tag(takes_context=True)
def organisation(context):
    """The profile, looked up once per request and language."""
    language = active_language()
    request = context.get("request")
    if request is None:
        return profile_for(language)
    held = getattr(request, "_newsroom_organisation", {})
    if language not in held:
        held[language] = profile_for(language)
        request._newsroom_organisation = held
    return held[language]


@register.simple_tag
def accent_stylesheet(profile):
    """The URL of the accent colour's stylesheet, or "" when it is the stylesheet's own."""
    colour = profile.accent_colour
    if not colour or colour == DEFAULT_ACCENT:
        return ""
    return reverse("accent-stylesheet", kwargs={"colour": colour[1:]})
