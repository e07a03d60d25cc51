"""The site's languages: one list an operator sets (``NEWSROOM_LANGUAGES``), from which the
settings are built, and the few questions code asks about it at run time.

Adding a language is a setting, a catalogue and translations, never code: everything that
lists languages (URLs, switcher, hreflang, sitemap, feeds, API, newsletter, emails) reads
``settings.LANGUAGES`` when it runs, and a language's direction is Django's ``bidi`` for it.
This module is imported by the settings, so it must not touch ``django.conf.settings`` at
import time.
"""

from babel.core import get_global
from django.conf.locale import LANG_INFO
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy

DEFAULT_LANGUAGES = "en,ar"

# How the site has always named a language in itself where that differs from Django's
# LANG_INFO (which writes Arabic with a shadda, "العربيّة").
LOCAL_NAMES = {"ar": "العربية"}

# Open Graph wants language_TERRITORY; these are the site's long-standing choices. Any other
# language gets its most likely territory from CLDR (``og_locale``).
OPEN_GRAPH_LOCALES = {"en": "en_GB", "ar": "ar_AR"}


def parse(value):
    """The language codes of a comma-separated list ("en,ar,ckb"), in order; each must be a
    language Django knows (it supplies the name and the direction)."""
    codes = [code.strip().lower() for code in value.split(",") if code.strip()]
    if not codes:
        raise ImproperlyConfigured("NEWSROOM_LANGUAGES names no language.")
    unknown = [code for code in codes if code not in LANG_INFO or "fallback" in LANG_INFO[code]]
    if unknown:
        raise ImproperlyConfigured(
            f"NEWSROOM_LANGUAGES: Django does not know {', '.join(unknown)} "
            "(use codes from django.conf.locale.LANG_INFO, e.g. fr, ckb, fa)."
        )
    if len(set(codes)) != len(codes):
        raise ImproperlyConfigured("NEWSROOM_LANGUAGES names a language twice.")
    return codes


def reader_languages(codes):
    """``LANGUAGES``: each language named in itself, as readers' switchers show it."""
    return [(code, LOCAL_NAMES.get(code, LANG_INFO[code]["name_local"])) for code in codes]


def content_languages(codes):
    """``WAGTAIL_CONTENT_LANGUAGES``: each language named in the admin's interface language
    (Django's own catalogue translates the names of the languages it knows)."""
    return [(code, gettext_lazy(LANG_INFO[code]["name"])) for code in codes]


def codes():
    """The configured language codes, default first, read when asked."""
    from django.conf import settings  # not at import: the settings module imports this one

    return [code for code, _name in settings.LANGUAGES]


def choices():
    """``(code, name)`` of every configured language: the choices of language fields, given as
    this callable so a new language changes no migration."""
    from django.conf import settings  # not at import: the settings module imports this one

    return list(settings.LANGUAGES)


def og_locale(code):
    """The Open Graph locale of a language ("en_GB", "ar_AR", "ckb_IQ", "fr_FR")."""
    if code in OPEN_GRAPH_LOCALES:
        return OPEN_GRAPH_LOCALES[code]
    likely = get_global("likely_subtags").get(code, code).split("_")
    return f"{likely[0]}_{likely[-1]}" if len(likely) > 1 else code
