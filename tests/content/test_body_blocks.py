"""An article's body blocks as readers get them: headings, quotes and paragraphs drawn in
order, their text escaped, in both languages."""

import json

import pytest
from bs4 import BeautifulSoup

from tests.factories import StatementPageFactory, publish, translate

pytestmark = pytest.mark.django_db

BODY = [
    {"type": "heading", "value": {"text": "What we found <script>x()</script>", "level": "h2"}},
    {"type": "paragraph", "value": "<p>Detention &amp; silence.</p>"},
    {"type": "heading", "value": {"text": "In the courts", "level": "h3"}},
    {
        "type": "quote",
        "value": {
            "text": "Every week in a cell\nis a week of <b>silence</b>.",
            "attribution": "A & B",
        },
    },
    {"type": "quote", "value": {"text": "Unattributed.", "attribution": ""}},
]


def prose(client, page):
    response = client.get(page.url)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser").select_one("main .prose")


def test_headings_and_quotes_are_drawn_in_order_with_their_text_escaped(client, tree):
    page = StatementPageFactory(parent=tree.statements_en, title="Blocks")
    page.body = json.dumps(BODY)
    publish(page)
    body = prose(client, page)
    drawn = [
        element.name for element in body.find_all(["h2", "h3", "p", "figure"], recursive=False)
    ]
    assert drawn == ["h2", "p", "h3", "figure", "figure"]
    heading = body.select_one("h2.block-heading")
    assert heading.get_text() == "What we found <script>x()</script>"
    assert not body.select("script")
    assert body.select_one("h3.block-heading").get_text() == "In the courts"
    quote, unattributed = body.select("figure.block-quote")
    lines = quote.select_one("blockquote p")
    assert lines.select("br") and not lines.select("b")
    assert lines.get_text() == "Every week in a cellis a week of <b>silence</b>."
    assert quote.select_one("figcaption").get_text() == "A & B"
    assert unattributed.select_one("blockquote p").get_text() == "Unattributed."
    assert unattributed.select_one("figcaption") is None


def test_the_arabic_translation_draws_its_own_headings_and_quotes(client, tree):
    page = publish(StatementPageFactory(parent=tree.statements_en, title="Blocks"))
    arabic_body = [
        {"type": "heading", "value": {"text": "ما وجدناه", "level": "h2"}},
        {"type": "quote", "value": {"text": "كل أسبوع في الزنزانة", "attribution": "شاهد"}},
    ]
    arabic = translate(page, tree.ar, title="كتل", body=json.dumps(arabic_body))
    body = prose(client, arabic)
    assert body.select_one("h2.block-heading").get_text() == "ما وجدناه"
    assert body.select_one("figure.block-quote figcaption").get_text() == "شاهد"
