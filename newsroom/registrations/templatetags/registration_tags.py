"""The sign-up box that registrations draw on event and invitation pages, and the reply
deadline those pages print."""

from django import template

from newsroom.events.deadlines import reply_deadline
from newsroom.registrations.emails import deadline_text
from newsroom.registrations.views import event_of, sign_up_box

register = template.Library()


@register.inclusion_tag("components/registration_form.html", takes_context=True)
def registration_box(context, page):
    """Nothing for a page without sign-ups; else the form, or why it is not open."""
    return {"registration": sign_up_box(context["request"], page)}


@register.simple_tag
def reply_by(page, event=None):
    """When to answer the invitation ``page`` (or the event ``page``): the event's
    ``reply_deadline`` written out, or "" when there is none. ``event``: the invitation's
    event, if known."""
    event = event or event_of(page)
    invitation = page if page is not event else None
    deadline = reply_deadline(event, invitation)
    return deadline_text(deadline, event.time_zone) if deadline else ""
