"""The sign-up box that registrations draw on event and invitation pages."""

from django import template

from newsroom.registrations.views import sign_up_box

register = template.Library()


@register.inclusion_tag("components/registration_form.html", takes_context=True)
def registration_box(context, page):
    """Nothing for a page without sign-ups; else the form, or why it is not open."""
    return {"registration": sign_up_box(context["request"], page)}
