"""Language helpers: Arabic search normalisation, digits, direction and bidi controls."""

import re
import unicodedata

from babel.lists import format_list
from babel.numbers import format_decimal
from django.conf import settings
from django.utils import translation
from django.utils.translation import (
    get_language,
    get_language_info,
    gettext,
    ngettext,
    pgettext,
)

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
    """Whether a language is written right to left (Django's ``bidi``: Arabic, Central
    Kurdish, Persian, Hebrew…); unknown codes read left to right."""
    code = language_code or get_language() or settings.LANGUAGE_CODE
    try:
        return bool(get_language_info(code)["bidi"])
    except KeyError:
        return False


def text_direction(language_code=None):
    return "rtl" if is_rtl(language_code) else "ltr"


def localise_digits(value, language_code=None):
    """Write the digits (and percent sign) of ``value`` the way the reader's language does."""
    text = str(value)
    code = (language_code or get_language() or "").split("-")[0]
    if code == "ar" and settings.NEWSROOM_ARABIC_DIGITS == "arab":
        return text.translate(_ARABIC_INDIC)
    return text


def _code(language_code):
    return (language_code or get_language() or settings.LANGUAGE_CODE).split("-")[0]


def _numbering_system(code):
    return "arab" if code == "ar" and settings.NEWSROOM_ARABIC_DIGITS == "arab" else "latn"


def localise_decimal(value, language_code=None, pattern="#,##0.0"):
    """A decimal number written the way the reader's language does (CLDR): "21.3" in
    English, "٢١٫٣" in Arabic (its own decimal separator, not a Latin comma or point)."""
    code = _code(language_code)
    # Babel takes the separators from the numbering system but writes Latin digits.
    text = format_decimal(value, pattern, locale=code, numbering_system=_numbering_system(code))
    return localise_digits(text, code)


# Django's own unit names, already translated into every language it ships.
_SIZE_UNITS = ((1 << 50, "%s PB"), (1 << 40, "%s TB"), (1 << 30, "%s GB"), (1 << 20, "%s MB"))


def localise_file_size(size, language_code=None):
    """A file's size as Django's ``filesizeformat`` words it, the number written by CLDR:
    "21.3 KB", "٢١٫٣ ك.ب"."""
    size = int(size or 0)
    with translation.override(_code(language_code)):
        if size < 1024:
            text = ngettext("%(size)d byte", "%(size)d bytes", size) % {"size": size}
            return localise_digits(text, language_code)
        unit, label = next(((u, label) for u, label in _SIZE_UNITS if size >= u), (1024, "%s KB"))
        return gettext(label) % localise_decimal(round(size / unit, 1), language_code)


def conjoin(items, language_code=None):
    """Items joined as the reader's language lists them (CLDR): "A, B and C", "A وB وC"."""
    items = [str(item) for item in items]
    return format_list(items, locale=_code(language_code)) if items else ""


def join_parts(parts, language_code=None):
    """The non-blank parts of one thing (a venue and its address lines) on one line, with the
    language's comma: "…, 40 Rue…", "…، 40 شارع…". Not a list, so no "and" (``conjoin``)."""
    with translation.override(_code(language_code)):
        separator = pgettext("list separator", ", ")
    return separator.join(part.strip() for part in parts if part and part.strip())


# Bidi embedding, override and isolate controls: LRE RLE PDF LRO RLO (U+202A-U+202E) and
# LRI RLI FSI PDI (U+2066-U+2069). In a title they can reorder the text around it where it is
# shown outside the page's own markup (a browser tab, a mail client's subject line, a feed
# reader), e.g. make "gpj.exe" read as "exe.jpg". The marks LRM, RLM (U+200E, U+200F) and the
# Arabic letter mark ALM (U+061C) have no scope and cannot reorder letters; editors use them
# to place punctuation beside Latin words in Arabic text, so they stay unless asked otherwise.
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
BIDI_CONTROLS_AND_MARKS = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")


def neutralise_bidi(text, *, keep_marks=True):
    """``text`` without bidi embedding, override or isolate controls (a plain ``str``).

    The one helper for titles that leave the page: ``<title>``, ``og:title``, feeds and
    email subjects and bodies. ``keep_marks=False`` removes LRM, RLM and ALM as well (for
    one-line fields where even a mark is unwanted). ``None`` becomes ``""``.
    """
    if text is None:
        return ""
    pattern = BIDI_CONTROLS if keep_marks else BIDI_CONTROLS_AND_MARKS
    return pattern.sub("", str(text))
