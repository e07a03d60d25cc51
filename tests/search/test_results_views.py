"""The search page as a reader uses it: results with facets and counts, links that keep the
search, sorting, highlights in both languages, and hostile input that never breaks it."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import translation
from wagtail.models import PageViewRestriction

from tests.factories import NewsPageFactory, StatementPageFactory, TopicFactory, translate

pytestmark = pytest.mark.django_db


def page(response, status=200):
    assert response.status_code == status, response.content[:500]
    return BeautifulSoup(response.content, "html.parser")


def titles(html):
    return [a.get_text().strip() for a in html.select(".search-hit__title a")]


def counts(options):
    return {label: value[0] for label, value in options.items()}


def facet(html, name):
    """{label: (count, href, selected)} of the facet headed ``name``."""
    found = {}
    for link in html.select("a.search-facet__option"):
        section = link.find_parent("section")
        if section.h2.get_text().strip() != name:
            continue
        label = link.select_one(".search-facet__label").get_text().strip()
        count = link.select_one(".search-facet__count").get_text().strip()
        found[label] = (count, link["href"], link.get("aria-current") == "true")
    return found


@pytest.fixture
def archive(tree):
    """Three English pages about journalists (two statements, one news item; two topics; two
    years), one about something else, and Arabic translations of two of them."""
    detention = TopicFactory(slug="detention", name="Detention", locale=tree.en)
    expression = TopicFactory(slug="expression", name="Free expression", locale=tree.en)
    detention_ar = detention.copy_for_translation(tree.ar)
    detention_ar.name = "الاحتجاز"
    detention_ar.save()
    opening = "An opening sentence that says nothing of the matter at hand. " * 5
    old = StatementPageFactory(
        parent=tree.statements_en,
        locale=tree.en,
        title="Release the detained journalists",
        subtitle=opening + "Three journalists have been held without trial since March.",
        publication_date=datetime.date(2024, 5, 1),
    )
    old.topics.set([detention])
    old.save_revision().publish()
    new = StatementPageFactory(
        parent=tree.statements_en,
        locale=tree.en,
        title="A journalist's laptop seized",
        subtitle="Police took the notes of a reporter.",
        publication_date=datetime.date(2025, 2, 1),
    )
    new.topics.set([detention, expression])
    new.save_revision().publish()
    news = NewsPageFactory(
        parent=tree.news_en,
        locale=tree.en,
        title="Training for journalists",
        subtitle="A workshop on digital safety.",
        publication_date=datetime.date(2025, 6, 1),
    )
    news.topics.set([expression])
    news.save_revision().publish()
    StatementPageFactory(parent=tree.statements_en, locale=tree.en, title="Prison conditions")
    translate(
        old,
        tree.ar,
        title="أفرجوا عن الصحفيين المحتجزين",
        subtitle="مقدمة لا تقول شيئًا عن الموضوع. " * 5
        + "ثلاثة صحفيين محتجزون دون محاكمة والصحفيات أيضًا.",
    )
    translate(news, tree.ar, title="تدريب للصحفي على السلامة الرقمية", subtitle="ورشة عمل.")
    return {"old": old, "new": new, "news": news}


def test_the_search_page_keeps_its_url_names_in_both_languages():
    for language in ("en", "ar"):
        with translation.override(language):
            assert reverse("search") == f"/{language}/search/"


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_search_form_is_indexable_and_its_results_are_not(client, archive, language):
    def robots(params):
        tag = page(client.get(f"/{language}/search/", params)).select_one('meta[name="robots"]')
        return tag and tag["content"]

    assert robots({}) is None
    for params in ({"q": "journalists"}, {"sort": "date"}, {"q": ""}):
        assert robots(params) == "noindex, follow", params


def test_results_show_their_number_and_every_form_of_the_word_highlighted(client, archive):
    html = page(client.get("/en/search/", {"q": "journalists"}))
    assert html.select_one(".search-results__count").get_text() == "3 results for “journalists”"
    assert set(titles(html)) == {
        "Release the detained journalists",
        "A journalist's laptop seized",
        "Training for journalists",
    }
    marks = {mark.get_text() for mark in html.select(".search-hit mark")}
    assert {"journalists", "journalist"} <= marks
    snippet = next(
        p.get_text() for p in html.select(".search-hit__snippet") if "Three" in p.get_text()
    )
    assert snippet.startswith("…") and "opening sentence" in snippet  # the text around it


def test_arabic_results_are_right_to_left_with_clitic_and_plural_forms_marked(client, archive):
    html = page(client.get("/ar/search/", {"q": "صحفي"}))
    assert html.html["dir"] == "rtl" and html.html["lang"] == "ar"
    assert len(titles(html)) == 2
    marks = {mark.get_text() for mark in html.select(".search-hit mark")}
    assert {"الصحفيين", "للصحفي", "صحفيين", "والصحفيات"} <= marks
    for snippet in html.select(".search-hit__snippet"):
        assert snippet["dir"] == "rtl"
    assert html.select_one(".search-results__count").get_text().startswith("نتيجتان")


def test_facets_count_sections_topics_and_years_and_keep_the_query(client, archive):
    html = page(client.get("/en/search/", {"q": "journalists"}))
    sections = facet(html, "Section")
    assert counts(sections) == {"Statements": "2", "News": "1"}
    assert counts(facet(html, "Topic")) == {"Detention": "2", "Free expression": "2"}
    years = facet(html, "Year")
    assert counts(years) == {"2025": "2", "2024": "1"}
    assert list(years) == ["2025", "2024"]
    assert sections["News"][1] == "/en/search/?q=journalists&section=news"


def test_a_facet_filters_and_the_counts_follow_it(client, archive):
    html = page(client.get("/en/search/", {"q": "journalists", "topic": "detention"}))
    assert set(titles(html)) == {"Release the detained journalists", "A journalist's laptop seized"}
    topics = facet(html, "Topic")
    assert topics["Detention"] == ("2", "/en/search/?q=journalists", True)  # a link to remove it
    assert counts(facet(html, "Year")) == {"2025": "1", "2024": "1"}
    html = page(client.get("/en/search/", {"q": "journalists", "topic": "detention", "year": 2024}))
    assert titles(html) == ["Release the detained journalists"]
    html = page(client.get("/en/search/", {"q": "journalists", "section": "news"}))
    assert titles(html) == ["Training for journalists"]


def test_a_filter_with_no_results_says_so_and_offers_the_search_without_it(client, archive):
    html = page(client.get("/en/search/", {"q": "journalists", "year": 2019}))
    assert titles(html) == []
    assert facet(html, "Year") == {"2019": ("0", "/en/search/?q=journalists", True)}
    assert html.select_one('.empty-state a[href="/en/search/?q=journalists"]')


def test_sorting_by_date_puts_the_newest_first_and_keeps_the_filters(client, archive):
    html = page(client.get("/en/search/", {"q": "journalists", "sort": "date"}))
    assert titles(html) == [
        "Training for journalists",
        "A journalist's laptop seized",
        "Release the detained journalists",
    ]
    current = html.select_one(".search-sort__option[aria-current]")
    assert current.get_text() == "Newest first"
    html = page(client.get("/en/search/", {"q": "journalists", "section": "statements"}))
    links = [a["href"] for a in html.select(".search-sort__option")]
    assert "/en/search/?q=journalists&section=statements&sort=date" in links


def test_relevance_puts_the_words_in_the_title_first_then_the_newest(client, tree, archive):
    StatementPageFactory(
        parent=tree.statements_en,
        locale=tree.en,
        title="The newest of all",
        subtitle="It names journalists only here.",
        publication_date=datetime.date(2026, 1, 1),
    )
    assert titles(page(client.get("/en/search/", {"q": "journalists"}))) == [
        "Training for journalists",
        "A journalist's laptop seized",
        "Release the detained journalists",
        "The newest of all",
    ]


def test_pagination_keeps_the_query_facets_and_order(client, tree):
    for number in range(12):
        StatementPageFactory(
            parent=tree.statements_en, locale=tree.en, title=f"Journalists case {number}"
        )
    html = page(client.get("/en/search/", {"q": "journalists", "sort": "date"}))
    assert len(titles(html)) == 10
    next_link = html.select_one('.pagination a[rel="next"]')["href"]
    assert "q=journalists" in next_link and "sort=date" in next_link and "page=2" in next_link
    second = page(client.get("/en/search/" + next_link))
    assert len(titles(second)) == 2


def test_nothing_found_here_points_to_the_other_language(client, archive):
    html = page(client.get("/en/search/", {"q": "الصحفيين"}))
    link = html.select_one(".empty-state a[hreflang=ar]")
    assert link["href"] == "/ar/search/?q=%D8%A7%D9%84%D8%B5%D8%AD%D9%81%D9%8A%D9%8A%D9%86"
    assert link.get_text() == "نتيجتان بالعربية"


HOSTILE = [
    {"q": '"'},
    {"q": '"human rights'},
    {"q": "“journalists”"},
    {"q": "a\x00b"},
    {"q": "\x00"},
    {"q": "x" * 10_000},
    {"q": "?!.,;:()[]{}*^~"},
    {"q": "journalists صحفيين 記者 🙂"},
    {"q": "journalists/detention OR NOT AND NEAR(a b)"},
    {"q": "journalists", "page": "999"},
    {"q": "journalists", "page": "-1"},
    {"q": "journalists", "page": "abc"},
    {"q": "journalists", "year": "abc"},
    {"q": "journalists", "year": "99999999999999999999"},
    {"q": "journalists", "section": "nope"},
    {"q": "journalists", "topic": "<script>"},
    {"q": "journalists", "topic": "no-such-topic"},
    {"q": "journalists", "sort": "price"},
    {"section": "nope", "year": "0"},
]


@pytest.mark.parametrize("params", HOSTILE, ids=range(len(HOSTILE)))
@pytest.mark.parametrize("language", ["en", "ar"])
def test_hostile_input_is_a_page_or_a_4xx_never_an_error(client, archive, params, language):
    response = client.get(f"/{language}/search/", params)
    assert response.status_code in (200, 400, 404), response.status_code
    if response.status_code != 404:
        html = BeautifulSoup(response.content, "html.parser")
        assert html.select_one("h1")
    if response.status_code == 400:
        assert html.select_one(".notice--error p").get_text().strip()


def test_a_bad_filter_is_a_400_naming_it_with_the_search_without_it(client, archive):
    html = page(client.get("/en/search/", {"q": "journalists", "year": "abc"}), status=400)
    notice = html.select_one(".notice--error")
    assert "“abc” is not a year." in notice.get_text()
    assert notice.select_one("a")["href"] == "/en/search/?q=journalists"
    html = page(client.get("/ar/search/", {"q": "صحفي", "section": "nope"}), status=400)
    assert "لا يوجد قسم باسم «nope»." in html.select_one(".notice--error").get_text()


def test_the_api_q_finds_what_the_search_page_finds(client, archive):
    for language, query in [("en", "journalist"), ("ar", "والصحفيين")]:
        site = set(titles(page(client.get(f"/{language}/search/", {"q": query}))))
        api = client.get("/api/v1/pages", {"q": query, "locale": language}).json()
        assert {item["title"] for item in api["results"]} == site


def test_private_and_unpublished_pages_are_not_found_until_readers_may_see_them(client, archive):
    restriction = PageViewRestriction.objects.create(
        page=archive["old"], restriction_type="password", password="secret"
    )
    archive["news"].unpublish()
    assert titles(page(client.get("/en/search/", {"q": "journalists"}))) == [
        "A journalist's laptop seized"
    ]
    api = client.get("/api/v1/pages", {"q": "journalists", "locale": "en"}).json()
    assert [item["title"] for item in api["results"]] == ["A journalist's laptop seized"]

    restriction.delete()
    archive["news"].save_revision().publish()
    found = titles(page(client.get("/en/search/", {"q": "journalists"})))
    assert sorted(found) == sorted(
        [
            "Release the detained journalists",
            "A journalist's laptop seized",
            "Training for journalists",
        ]
    )


def test_a_topic_filter_matches_the_whole_slug_not_part_of_another(client, tree):
    rights = TopicFactory(slug="rights", name="Rights", locale=tree.en)
    womens = TopicFactory(slug="womens-rights", name="Women's rights", locale=tree.en)
    for title, topic in [("Journalists and rights", rights), ("Journalists and women", womens)]:
        statement = StatementPageFactory(parent=tree.statements_en, locale=tree.en, title=title)
        statement.topics.set([topic])
        statement.save_revision().publish()
    html = page(client.get("/en/search/", {"q": "journalists", "topic": "rights"}))
    assert titles(html) == ["Journalists and rights"]
    assert counts(facet(html, "Topic")) == {"Rights": "1"}


def test_a_search_asks_the_database_as_often_for_thirty_matches_as_for_three(client, tree):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries_for_a_search():
        client.get("/en/search/", {"q": "journalists"})  # facts filled, fragments cached
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/en/search/", {"q": "journalists"}).status_code == 200
        return len(captured)

    def add(numbers):
        for number in numbers:
            StatementPageFactory(
                parent=tree.statements_en, locale=tree.en, title=f"Journalists case {number}"
            )

    add(range(3))
    few = queries_for_a_search()
    add(range(3, 30))
    assert queries_for_a_search() == few
