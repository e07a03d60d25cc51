"""The translator's admin is Arabic: the screens they work in carry no English leftovers.

The demo's translator works with Arabic as their admin language (their profile's choice).
Each screen is rendered for them and its text (not its markup) is searched for phrases that
used to stay English there; the translation editor's own heading and footer are drawn by
its script, and are checked in Chromium (tests/e2e/test_arabic_admin_editor.py).
"""

import json

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.urls import reverse
from wagtail.users.models import UserProfile
from wagtail_localize.models import StringTranslation

from newsroom.demo.accounts import ensure_accounts
from tests.factories import StatementPageFactory, localize, publish

ARABIC_MONTHS = [
    "يناير",
    "فبراير",
    "مارس",
    "إبريل",
    "مايو",
    "يونيو",
    "يوليو",
    "أغسطس",
    "سبتمبر",
    "أكتوبر",
    "نوفمبر",
    "ديسمبر",
]
ENGLISH_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
# Phrases that stayed English in the Arabic admin before (Wagtail's, wagtail-localize's or
# ours); a proper name (the site's, a person's) or an English page's title may remain.
ENGLISH_PHRASES = [
    "Translated manually on",
    "What's new in Wagtail",
    "More actions",
    " to العربيّة translation",
    "Statements",  # a section name
    "Bold",
    "Italic",
    "English",
    "Arabic",
    "Topics",
    *ENGLISH_MONTHS,
]


@pytest.fixture
def desk(tree):
    """The demo's accounts on the test tree; a synced, an outdated and a missing translation."""
    ensure_accounts(tree.home_ar)
    synced = publish(
        StatementPageFactory(parent=tree.statements_en, locale=tree.en, title="Free them")
    )
    localize(synced, tree.ar)
    outdated = publish(
        StatementPageFactory(parent=tree.statements_en, locale=tree.en, title="Stop returns")
    )
    localize(outdated, tree.ar)
    outdated.subtitle = "A corrected standfirst."
    publish(outdated)
    publish(StatementPageFactory(parent=tree.statements_en, locale=tree.en, title="Not yet"))
    tree.synced, tree.outdated = synced, outdated
    return tree


@pytest.fixture
def translator(desk, client):
    user = get_user_model().objects.get(username="translator")
    assert UserProfile.get_for_user(user).preferred_language == "ar"
    client.force_login(user)
    return client


def screen(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return BeautifulSoup(response.content, "html.parser")


def visible_text(page):
    for hidden in page.select("script, style, template, noscript"):
        hidden.decompose()
    return " ".join(page.body.get_text(" ").split())


def english_left(page, allowed=()):
    text = visible_text(page)
    for name in allowed:
        text = text.replace(name, "")
    return [phrase for phrase in ENGLISH_PHRASES if phrase in text]


def test_dashboard_is_arabic(translator, desk):
    page = screen(translator, reverse("wagtailadmin_home"))
    rows = page.select("[data-editorial-dashboard] [data-editorial-pair]")
    assert rows
    meta = " ".join(row.select_one(".editorial-meta").get_text() for row in rows)
    assert "البيانات" in meta  # the section, in the interface's language
    # The rows name the English pages waiting for a translation by their (English) titles.
    assert english_left(page, allowed=["Stop returns", "Not yet"]) == []


def test_report_and_its_filters_are_arabic(translator, desk):
    page = screen(translator, reverse("editorial:report"))
    sections = [
        option.get_text(strip=True) for option in page.select("select[name=section] option")
    ]
    assert {"البيانات", "الأخبار", "الفعاليات"} <= set(sections)
    languages = [
        option.get_text(strip=True) for option in page.select("select[name=language] option")
    ]
    assert "العربيّة" in languages or "العربية" in languages
    titles = [desk.synced.title, desk.outdated.title, "Not yet", "Home", "Statements", "News"]
    titles += ["Events"]
    # Page titles of the English pages are content; every column header and label is Arabic.
    for cell in page.select("[data-editorial-pair] td:first-child a"):
        cell.decompose()
    assert english_left(page, allowed=titles) == []


def test_page_status_is_arabic(translator, desk):
    page = screen(translator, reverse("editorial:page", args=[desk.outdated.pk]))
    assert english_left(page, allowed=[desk.outdated.title]) == []


def test_translation_editor_is_arabic_with_arabic_dates(translator, desk):
    arabic = desk.synced.get_translation(desk.ar)
    page = screen(translator, reverse("wagtailadmin_pages:edit", args=[arabic.pk]))
    editor = page.select_one(".js-translation-editor")
    props = json.loads(editor["data-props"])
    comments = [item["comment"] for item in props["initialStringTranslations"]]
    saved = StringTranslation.objects.filter(locale=desk.ar).latest("updated_at").updated_at
    month = ARABIC_MONTHS[saved.month - 1]
    assert any(c.startswith(f"تمت الترجمة يدويًا في {saved.day} {month}") for c in comments)
    assert not [c for c in comments if any(m in c for m in ENGLISH_MONTHS)]

    # The heading wagtail-localize writes in English is swapped for this one in the browser.
    strings = page.select_one("script[data-heading-to]")
    assert strings["data-heading-to"] == "ترجمة من الإنجليزيّة إلى العربيّة"
    assert strings["data-more-actions-to"] != "More actions"
    assert english_left(page, allowed=[desk.synced.title]) == []
