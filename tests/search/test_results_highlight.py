"""Snippets and titles mark every form of the searched words, in both languages, safely."""

from newsroom.search.highlight import marked, snippet
from newsroom.search.query import parse_query

OPENING = "Nothing to see in this opening sentence at all. " * 4


def terms(raw, language):
    return frozenset(parse_query(raw, language).terms)


def test_an_english_snippet_is_the_text_around_the_match_with_inflected_forms_marked():
    text = OPENING + "The journalist's notes were seized. Two journalists were held."
    html = snippet(text, terms("journalists", "en"), "en")
    assert html.startswith("…\u00a0")  # not the first lines
    assert "<mark>journalist</mark>'s" in html.replace("&#x27;", "'")
    assert "<mark>journalists</mark> were held" in html


def test_an_arabic_snippet_marks_the_word_with_its_article_clitics_and_endings():
    text = "مقدمة لا علاقة لها بالموضوع. " * 6 + "أفرجوا عن الصحفيين والصحفيات، فالصحفي ليس مجرمًا."
    html = snippet(text, terms("صحفي", "ar"), "ar")
    assert html.startswith("…\u00a0")
    # Neighbouring matches share a mark.
    assert "عن <mark>الصحفيين والصحفيات</mark>، <mark>فالصحفي</mark> ليس" in html
    assert "<mark>مقدمة" not in html


def test_text_is_escaped_before_it_is_marked():
    text = 'The <script>alert("journalists")</script> & journalists'
    html = marked(text, terms("journalists", "en"), "en")
    assert "<script>" not in html
    assert "&lt;script&gt;" in html and "&amp;" in html
    assert html.count("<mark>journalists</mark>") == 2
    assert str(marked("<b>", terms("b", "en"), "en")) == "&lt;<mark>b</mark>&gt;"


def test_neighbouring_matches_share_one_mark_so_a_phrase_reads_as_one():
    html = marked("Defend human rights now", terms('"human rights"', "en"), "en")
    assert html == "Defend <mark>human rights</mark> now"


def test_without_a_match_in_the_text_the_snippet_is_its_opening_unmarked():
    text = "word " * 100
    html = snippet(text, terms("journalists", "en"), "en", length=5)
    assert html == "word word word word word\u00a0…"


def test_a_short_text_is_shown_whole_and_an_empty_one_is_empty():
    assert snippet("Journalists", terms("journalist", "en"), "en") == "<mark>Journalists</mark>"
    assert snippet("", terms("journalist", "en"), "en") == ""
    assert snippet("?!", terms("journalist", "en"), "en") == "?!"
