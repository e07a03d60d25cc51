"""The home page's "Explore" list: each section with its introduction, in both languages."""

import pytest
from bs4 import BeautifulSoup

from tests.factories import publish

pytestmark = pytest.mark.django_db


def explore_list(client, url):
    soup = BeautifulSoup(client.get(url).content, "html.parser")
    return {
        item.a.get_text(strip=True): item.p.get_text(strip=True) if item.p else None
        for item in soup.select(".home-sections .section-links li")
    }


def test_each_section_shows_its_introduction_under_its_link(client, tree):
    for page, text in [
        (tree.statements_en, "Our public positions."),
        (tree.statements_ar, "مواقفنا العلنية."),
        (tree.events_en, "Where to meet us."),
        (tree.events_ar, "أين تلقوننا."),
    ]:
        page.introduction = text
        publish(page)

    english = explore_list(client, "/en/")
    arabic = explore_list(client, "/ar/")

    assert english[tree.statements_en.title] == "Our public positions."
    assert english[tree.events_en.title] == "Where to meet us."
    assert english[tree.news_en.title] is None  # no introduction: the link alone
    assert arabic["البيانات"] == "مواقفنا العلنية."
    assert arabic["الفعاليات"] == "أين تلقوننا."
    assert arabic["الأخبار"] is None
