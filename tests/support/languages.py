"""Messages as the admin shows them in each of its languages."""

from django.utils import translation
from django.utils.translation import gettext


def in_both_languages(message):
    """The demo translator's admin is in Arabic, the others' in English."""
    found = set()
    for language in ("en", "ar"):
        with translation.override(language):
            found.add(gettext(message))
    return found
