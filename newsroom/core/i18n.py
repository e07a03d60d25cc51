"""Language helpers: Arabic search normalisation, digits and direction."""

import re
import unicodedata

from django.conf import settings
from django.utils.translation import get_language

# Harakat, Quranic annotation marks and the superscript alef: they change how a word is
# read aloud, not which word it is, so search ignores them.
_ARABIC_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed]")
_TATWEEL = "\u0640"
_LETTER_FORMS = str.maketrans(
    {
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ى": "ي",
        # Hamza on a waw or ya seat is spelled both ways (مسؤول / مسئول): keep only the hamza.
        "ئ": "ء",
        "ؤ": "ء",
        "ة": "ه",
    }
)
_ARABIC_INDIC = str.maketrans("0123456789%", "٠١٢٣٤٥٦٧٨٩٪")
_TO_LATIN = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹٪", "01234567890123456789%")


def normalise_arabic(text):
    """Fold the spelling variants of Arabic so a query matches however a word was typed."""
    if not text:
        return ""
    text = unicodedata.normalize("NFKC", text)
    text = _ARABIC_MARKS.sub("", text).replace(_TATWEEL, "")
    return text.translate(_LETTER_FORMS).translate(_TO_LATIN)


def normalise_query(text):
    return " ".join(normalise_arabic(text).casefold().split())


def is_rtl(language_code=None):
    code = (language_code or get_language() or settings.LANGUAGE_CODE).split("-")[0]
    return code in settings.RTL_LANGUAGES


def text_direction(language_code=None):
    return "rtl" if is_rtl(language_code) else "ltr"


def localise_digits(value, language_code=None):
    """Write the digits (and percent sign) of ``value`` the way the reader's language does."""
    text = str(value)
    code = (language_code or get_language() or "").split("-")[0]
    if code == "ar" and settings.NEWSROOM_ARABIC_DIGITS == "arab":
        return text.translate(_ARABIC_INDIC)
    return text
