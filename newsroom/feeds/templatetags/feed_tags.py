"""``{% feed_links "all" %}``: advertise feeds in <head> (rel="alternate" with their type).

``{% feed_links page.feed_section %}`` on a section index; the events section also advertises
its calendar (``type="text/calendar"``). ``topic`` adds that topic's feeds (a listing filtered
by topic). ``{% event_calendar_url page %}`` is the ``.ics`` download of one event.
"""

from django import template
from django.utils.html import format_html_join
from django.utils.translation import get_language, gettext

from newsroom.core.sections import keys as section_keys
from newsroom.core.seo import absolute_url

from ..catalogue import FORMAT_NAMES, LINK_TYPES, FeedKey, feeds_page_path, label, languages

register = template.Library()


def _links(key, label, request):
    return [
        (
            LINK_TYPES[fmt],
            gettext("%(feed)s (%(format)s)") % {"feed": label, "format": FORMAT_NAMES[fmt]},
            absolute_url(key.path(fmt), request),
        )
        for fmt in key.formats
    ]


@register.simple_tag(takes_context=True)
def feed_links(context, section="all", topic=None):
    language = get_language()
    if language not in languages():
        return ""
    request = context.get("request")
    if section not in section_keys():
        section = "all"
    kind = "all" if section == "all" else "section"
    links = _links(FeedKey(language, kind, section), str(label(section)), request)
    if section == "events":
        links += _links(
            FeedKey(language, "calendar", "events"), gettext("Calendar of events"), request
        )
    if topic is not None and getattr(topic, "slug", None):
        links += _links(FeedKey(language, "topic", topic.slug), topic.name, request)
    return format_html_join(
        "\n  ",
        '<link rel="alternate" type="{}" title="{}" href="{}">',
        links,
    )


@register.simple_tag
def event_calendar_url(page):
    """The ``.ics`` of ``page`` (an event) in the active language, the page's own."""
    return FeedKey(get_language(), "event", str(page.translation_key)).path()


@register.simple_tag
def feeds_page_url():
    return feeds_page_path(get_language())
