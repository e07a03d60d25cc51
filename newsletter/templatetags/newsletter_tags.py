from django import template
from django.conf import settings
from django.utils.translation import get_language

from newsletter.forms import SignupForm

register = template.Library()


@register.simple_tag
def newsletter_signup_form():
    """An empty sign-up form in the active language (for the home pages)."""
    language = get_language() or settings.LANGUAGE_CODE
    return SignupForm(language=language if language in dict(settings.LANGUAGES) else None)
