from django import template
from django.conf import settings
from django.utils.translation import get_language

from newsletter.forms import SignupForm

register = template.Library()


def active_language():
    language = get_language() or settings.LANGUAGE_CODE
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


@register.simple_tag
def newsletter_signup_form():
    """An empty sign-up form in the active language (for the home pages)."""
    return SignupForm(language=active_language())


@register.simple_tag
def newsletter_short_signup():
    """What the short sign-up (newsletter/signup_short.html) shows: the sign-up form's own
    fields (labels, frequency choices and default) and the active language. No form is built:
    that would query the topics on every page, and the short form has none."""
    fields = SignupForm.base_fields
    return {
        "language": active_language(),
        "email": fields["email"],
        "frequency": fields["frequency"],
        "website": fields["website"],
    }
