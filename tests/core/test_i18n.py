import pytest
from django.test import override_settings

from newsroom.core.i18n import localise_digits, normalise_arabic, normalise_query, text_direction


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("اعلان", "إعلان"),  # hamza below the alef
        ("اسرة", "أسرة"),  # hamza above the alef
        ("المحكمه", "المحكمة"),  # ta marbuta typed as ha
        ("مستشفي", "مستشفى"),  # alef maqsura typed as ya
        ("حرية", "حُرِّيَّة"),  # full diacritics
        ("الحرية", "الحـــرية"),  # tatweel used for justification
        ("مسؤول", "مسئول"),  # two spellings of the hamza seat
    ],
)
def test_arabic_variants_normalise_to_the_same_form(typed, stored):
    assert normalise_arabic(typed) == normalise_arabic(stored)


def test_normalisation_keeps_distinct_words_distinct():
    assert normalise_arabic("سجن") != normalise_arabic("سجين")
    assert normalise_query("  Freedom   OF  ") == "freedom of"


def test_eastern_digits_fold_to_latin_for_search():
    assert normalise_arabic("٢٠٢٥") == "2025"


@override_settings(NEWSROOM_ARABIC_DIGITS="arab")
def test_arabic_indic_digits_on_arabic_pages():
    assert localise_digits("12 March 2025", "ar") == "١٢ March ٢٠٢٥"
    assert localise_digits("43%", "ar") == "٤٣٪"
    assert localise_digits(42, "en") == "42"


@override_settings(NEWSROOM_ARABIC_DIGITS="latn")
def test_latin_digits_when_configured():
    assert localise_digits(2025, "ar") == "2025"


def test_direction():
    assert text_direction("ar") == "rtl"
    assert text_direction("en") == "ltr"
