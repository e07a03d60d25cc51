"""Events shown on pages of other sections (the home page's "Upcoming events")."""

import time

from django import template

from newsroom.core import content_version
from newsroom.events.models import upcoming_events as upcoming_in

register = template.Library()


@register.simple_tag
def upcoming_events(locale, count):
    """The next ``count`` events in ``locale``, soonest first. The list is kept for a minute
    at most: an event leaves it when it ends, which publishes nothing."""
    minute = int(time.time() // 60)
    return content_version.fragment(
        "upcoming", [locale.pk, count, minute], lambda: list(upcoming_in(locale)[:count])
    )
