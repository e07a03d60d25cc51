"""Events shown on pages of other sections (the home page's "Upcoming events")."""

from django import template

from newsroom.events.models import upcoming_events as upcoming_in

register = template.Library()


@register.simple_tag
def upcoming_events(locale, count):
    """The next ``count`` events in ``locale``, soonest first."""
    return list(upcoming_in(locale)[:count])
