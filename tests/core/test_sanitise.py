"""Rich text and embed HTML are sanitised (nh3) when rendered, whatever is stored."""

import json

import pytest
from bs4 import BeautifulSoup
from django.template.loader import render_to_string
from wagtail.embeds.models import Embed

from newsroom.core.sanitise import clean_embed, clean_rich_text
from tests.factories import StatementPageFactory, publish

HOSTILE = (
    '<p>Fine <b>bold</b> <a href="/en/x/" onclick="steal()">link</a>'
    '<script>alert(1)</script><img src="x" onerror="alert(2)">'
    '<a href="javascript:alert(3)">js</a><span style="color:red">red</span>'
    '<iframe src="https://evil.example/"></iframe><style>body{display:none}</style></p>'
)


def assert_harmless(html):
    soup = BeautifulSoup(html, "html.parser")
    assert not soup.select("script, style, iframe, object, embed, form")
    for element in soup.find_all(True):
        for attribute in element.attrs:
            assert not attribute.startswith("on"), (element, attribute)
            assert attribute != "style", element
    for link in soup.select("a[href]"):
        assert not link["href"].lower().startswith("javascript:")


def test_clean_rich_text_keeps_the_editor_features_and_drops_the_rest():
    cleaned = clean_rich_text(HOSTILE)
    assert_harmless(cleaned)
    assert "<b>bold</b>" in cleaned
    assert '<a href="/en/x/">link</a>' in cleaned
    assert "Fine" in cleaned and "red" in cleaned
    lists = clean_rich_text('<ol><li lang="ar" dir="rtl">بند</li></ol><p>x<sup>2</sup></p>')
    assert lists == '<ol><li lang="ar" dir="rtl">بند</li></ol><p>x<sup>2</sup></p>'
    assert clean_rich_text('<a href="mailto:press@example.org">m</a>').startswith(
        '<a href="mailto:press@example.org">'
    )


def test_clean_embed_keeps_https_players_only():
    youtube = (
        '<iframe width="200" height="113" src="https://www.youtube-nocookie.com/embed/x" '
        'frameborder="0" allow="autoplay; encrypted-media" allowfullscreen title="Video" '
        'style="border:0" onload="x()"></iframe>'
    )
    cleaned = clean_embed(youtube)
    frame = BeautifulSoup(cleaned, "html.parser").iframe
    assert frame["src"] == "https://www.youtube-nocookie.com/embed/x"
    assert frame["allow"] == "autoplay; encrypted-media"
    assert "style" not in frame.attrs and "onload" not in frame.attrs

    post = (
        '<blockquote class="twitter-tweet"><p lang="en">Words <a href="https://t.co/x">x</a>'
        '</p></blockquote><script async src="https://platform.example/widgets.js"></script>'
    )
    cleaned = clean_embed(post)
    assert "<script" not in cleaned and "Words" in cleaned
    for src in ("javascript:alert(1)", "http://insecure.example/", "//evil.example/"):
        assert "src=" not in clean_embed(f'<iframe src="{src}"></iframe>'), src


@pytest.mark.django_db
def test_paragraph_blocks_and_rich_text_fields_render_sanitised(client, tree):
    page = StatementPageFactory(parent=tree.statements_en, title="Sanitised")
    page.body = json.dumps([{"type": "paragraph", "value": HOSTILE}])
    publish(page)
    response = client.get(page.url)
    assert response.status_code == 200
    # The statement's text (the page around it has forms of its own: the newsletter sign-up).
    body = BeautifulSoup(response.content, "html.parser").select_one("main .prose")
    assert "Fine" in body.get_text() and body.select_one("b").get_text() == "bold"
    assert_harmless(str(body))


@pytest.mark.django_db
def test_embed_html_from_a_provider_is_sanitised():
    embed = Embed.objects.create(
        url="https://video.example/watch?v=1",
        max_width=None,
        type="video",
        html=(
            '<iframe src="https://www.youtube.com/embed/1" width="480" height="270" '
            'onload="steal()"></iframe><script>alert(1)</script>'
        ),
        width=480,
        height=270,
    )
    html = render_to_string("wagtailembeds/embed_frontend.html", {"embed": embed})
    soup = BeautifulSoup(html, "html.parser")
    assert soup.iframe["src"] == "https://www.youtube.com/embed/1"
    assert "onload" not in soup.iframe.attrs
    assert not soup.select("script")
    assert "embed--16x9" in soup.div["class"]


@pytest.mark.django_db
def test_links_in_rich_text_point_at_the_pages_they_name(client, tree):
    target = publish(StatementPageFactory(parent=tree.statements_en, title="Linked to"))
    page = StatementPageFactory(parent=tree.statements_en, title="Linking")
    paragraph = f'<p>Read <a linktype="page" id="{target.pk}">this</a>.</p>'
    page.body = json.dumps([{"type": "paragraph", "value": paragraph}])
    publish(page)
    body = BeautifulSoup(client.get(page.url).content, "html.parser").select_one("main .prose")
    link = body.select_one("a")
    assert link["href"] == target.url and link.get_text() == "this"
    assert "linktype" not in str(body)
