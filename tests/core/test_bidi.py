"""Bidi controls in titles: neutralised wherever a title leaves the page's own markup."""

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.template import Context, Template
from django.utils.safestring import SafeData, mark_safe

from newsroom.core.i18n import neutralise_bidi
from tests.factories import StatementPageFactory, publish

CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
MARKS = "\u200e\u200f\u061c"


def test_neutralise_bidi_removes_embeddings_overrides_and_isolates():
    # The classic spoof: RLO makes "invoice\u202egpj.exe" display as "invoiceexe.jpg".
    assert neutralise_bidi("invoice\u202egpj.exe") == "invoicegpj.exe"
    assert neutralise_bidi(f"a{CONTROLS}b") == "ab"
    assert neutralise_bidi("\u2067بيان\u2069 statement") == "بيان statement"


def test_neutralise_bidi_keeps_marks_unless_asked():
    assert neutralise_bidi(f"x{MARKS}y") == f"x{MARKS}y"
    assert neutralise_bidi(f"x{MARKS}{CONTROLS}y", keep_marks=False) == "xy"


def test_neutralise_bidi_takes_anything():
    assert neutralise_bidi(None) == ""
    assert neutralise_bidi(42) == "42"
    assert neutralise_bidi("plain title") == "plain title"
    assert type(neutralise_bidi(mark_safe("a\u202eb"))) is str


def test_template_filter_keeps_escaping_and_safety():
    template = Template(
        "{% load newsroom_tags %}{{ value|neutralise_bidi }}|"
        "{% filter neutralise_bidi %}{{ value }}{% endfilter %}"
    )
    rendered = template.render(Context({"value": "<b>\u202eevil</b>"}))
    assert rendered == "&lt;b&gt;evil&lt;/b&gt;|&lt;b&gt;evil&lt;/b&gt;"

    from newsroom.core.templatetags.newsroom_tags import neutralise_bidi_filter

    assert isinstance(neutralise_bidi_filter(mark_safe("a\u202eb")), SafeData)
    assert not isinstance(neutralise_bidi_filter("a\u202eb"), SafeData)


@pytest.mark.django_db
def test_page_title_and_og_title_are_neutralised(client, tree):
    title = "Statement \u202eelbat\u202c on \u2067الاحتجاز\u2069"
    page = publish(StatementPageFactory(parent=tree.statements_en, title=title))
    response = client.get(page.url)
    assert response.status_code == 200
    html = BeautifulSoup(response.content, "html.parser")
    expected = "Statement elbat on الاحتجاز"
    assert html.title.string.startswith(expected + " – ")
    assert html.select_one('meta[property="og:title"]')["content"] == expected
    head = str(html.head)
    assert not any(control in head for control in CONTROLS)


@pytest.mark.django_db
def test_home_page_title_block_is_neutralised_too(client, tree):
    tree.home_en.title = "Home\u202e"
    publish(tree.home_en)
    html = BeautifulSoup(client.get("/en/").content, "html.parser")
    # The home page's title, then the organisation's name (the home page is not named after it).
    assert html.title.string == f"Home – {settings.WAGTAIL_SITE_NAME}"


@pytest.mark.django_db
def test_search_query_in_the_title_is_neutralised(client, tree):
    html = BeautifulSoup(client.get("/en/search/", {"q": "x\u202etxt.exe"}).content, "html.parser")
    assert "\u202e" not in html.title.string
    assert "xtxt.exe" in html.title.string


@pytest.mark.django_db
def test_a_title_saved_with_an_override_loses_it(tree):
    page = publish(
        StatementPageFactory(parent=tree.statements_en, title="Report \u202eyrtnuoc\u202c review")
    )
    page.refresh_from_db()
    assert page.title == page.draft_title == "Report yrtnuoc review"


def overrides_outside_an_isolate(response):
    """Text nodes of the body that hold a bidi control but are not inside a <bdi>."""
    assert response.status_code == 200
    body = BeautifulSoup(response.content, "html.parser").body
    return [
        (text.parent.name, str(text))
        for text in body.find_all(string=lambda s: any(c in s for c in CONTROLS))
        if text.find_parent("bdi") is None and text.parent.name != "script"
    ]


@pytest.mark.django_db
def test_an_older_title_with_an_override_stays_inside_its_own_markup(client, tree):
    """A title stored before saves removed the controls (or written around them) shows the
    override inside the title only: every place a page's own markup shows it isolates it."""
    from wagtail.models import Page

    spoof = publish(StatementPageFactory(parent=tree.statements_en, title="Spoof"))
    other = publish(StatementPageFactory(parent=tree.statements_en, title="Another statement"))
    Page.objects.filter(pk=spoof.pk).update(title="Spoof \u202eevil")
    for url in (spoof.url, other.url, tree.statements_en.url, tree.home_en.url):
        assert overrides_outside_an_isolate(client.get(url)) == [], url
    html = BeautifulSoup(client.get(spoof.url).content, "html.parser")
    h1 = html.select_one("h1")
    assert h1.bdi is not None and h1.bdi["dir"] == "ltr" and "\u202e" in h1.bdi.text
    # The breadcrumb and the listing card isolate it too.
    assert html.select_one(".breadcrumb [aria-current] bdi")
    listing = BeautifulSoup(client.get(tree.statements_en.url).content, "html.parser")
    assert any("\u202e" in bdi.text for bdi in listing.select(".card__title bdi"))
