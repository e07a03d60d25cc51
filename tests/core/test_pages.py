"""Public pages in both languages: language attributes, alternates, switcher, sitemap, search."""

import datetime
from urllib.parse import quote

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone, translation

from newsroom.core.templatetags.newsroom_tags import digits
from tests.factories import (
    EventPageFactory,
    NewsPageFactory,
    StatementPageFactory,
    TopicFactory,
    organisation_profile,
    publish,
    translate,
)
from tests.support.sitemaps import NS, sitemap_urls

pytestmark = pytest.mark.django_db


def soup(response):
    assert response.status_code == 200, response.content[:500]
    return BeautifulSoup(response.content, "html.parser")


def alternates(html):
    return {
        link["hreflang"]: link["href"]
        for link in html.select('head link[rel="alternate"][hreflang]')
    }


def switcher_languages(html):
    return {link["hreflang"] for link in html.select("[data-language-switcher] a[hreflang]")}


@pytest.fixture
def statement_pair(tree):
    english = StatementPageFactory(
        parent=tree.statements_en, title="Release the detained journalists", locale=tree.en
    )
    arabic = translate(english, tree.ar, title="أطلقوا سراح الصحفيين المحتجزين")
    return english, arabic


@pytest.mark.parametrize(
    ("header", "target"),
    [
        ("ar,en;q=0.8", "/ar/"),
        ("ar-EG", "/ar/"),
        ("en-GB,en;q=0.9", "/en/"),
        ("fr-FR,de;q=0.5", "/en/"),
        ("", "/en/"),
        ("*", "/en/"),
        ("fr;q=1,ar;q=0.7", "/ar/"),
    ],
)
def test_root_redirects_by_accept_language(client, header, target):
    response = client.get("/", headers={"accept-language": header} if header else {})
    assert response.status_code == 302
    assert response["Location"] == target
    assert "Accept-Language" in response["Vary"]


def test_a_page_path_without_language_is_redirected_but_admin_404s_stay_404(
    client, tree, admin_user
):
    assert client.get("/statements/").status_code == 302  # to /en/statements/
    client.force_login(admin_user)
    # The admin's own JavaScript asks for pages by id; a missing one must be a plain 404, not
    # a redirect to /en/admin/… (Wagtail's catch-all would accept the path, then 404 it).
    for path in ("/admin/api/main/pages/999999/", "/admin/no-such-view/"):
        response = client.get(path)
        assert response.status_code == 404, path
        assert "Location" not in response


@pytest.mark.parametrize(
    ("prefix", "lang", "direction"), [("en", "en", "ltr"), ("ar", "ar", "rtl")]
)
def test_home_pages_carry_language_and_direction(client, tree, prefix, lang, direction):
    html = soup(client.get(f"/{prefix}/"))
    assert html.html["lang"] == lang
    assert html.html["dir"] == direction


def test_translated_statement_links_both_languages(client, statement_pair):
    english, arabic = statement_pair
    for page in (english, arabic):
        html = soup(client.get(page.url))
        links = alternates(html)
        assert links == {
            "en": f"http://testserver{english.url}",
            "ar": f"http://testserver{arabic.url}",
            "x-default": f"http://testserver{english.url}",
        }
        assert switcher_languages(html) == {"en", "ar"}
    arabic_html = soup(client.get(arabic.url))
    to_english = arabic_html.select_one('[data-language-switcher] a[hreflang="en"]')
    assert to_english["href"] == english.url


def test_untranslated_page_offers_only_its_own_language(client, tree):
    news = NewsPageFactory(parent=tree.news_en, title="Only in English", locale=tree.en)
    html = soup(client.get(news.url))
    assert alternates(html) == {
        "en": f"http://testserver{news.url}",
        "x-default": f"http://testserver{news.url}",
    }
    assert switcher_languages(html) == {"en"}


def test_unpublished_translation_is_not_offered(client, statement_pair):
    english, arabic = statement_pair
    arabic.unpublish()
    html = soup(client.get(english.url))
    assert set(alternates(html)) == {"en", "x-default"}
    assert switcher_languages(html) == {"en"}
    assert client.get(arabic.url).status_code == 404


def test_arabic_only_page_has_arabic_x_default(client, tree):
    news = NewsPageFactory(parent=tree.news_ar, title="خبر بالعربية فقط", locale=tree.ar)
    html = soup(client.get(news.url))
    assert alternates(html)["x-default"] == f"http://testserver{news.url}"
    assert html.html["dir"] == "rtl"


def test_every_page_type_renders_in_both_languages(client, tree, statement_pair):
    event = EventPageFactory(parent=tree.events_en, title="Side event", locale=tree.en)
    translate(event, tree.ar, title="فعالية جانبية")
    news = NewsPageFactory(parent=tree.news_en, locale=tree.en)
    translate(news, tree.ar, title="خبر")
    for url in [
        "/en/",
        "/ar/",
        tree.statements_en.url,
        tree.statements_ar.url,
        tree.news_ar.url,
        tree.events_en.url,
        tree.events_ar.url,
        statement_pair[0].url,
        statement_pair[1].url,
        event.url,
        news.url,
    ]:
        html = soup(client.get(url))
        assert html.select_one("main h1"), url


def test_home_and_indexes_link_canonical_and_json_ld_on_articles(client, statement_pair):
    english, _arabic = statement_pair
    html = soup(client.get(english.url))
    assert html.select_one('link[rel="canonical"]')["href"] == f"http://testserver{english.url}"
    data = html.select_one('script[type="application/ld+json"]')
    assert data is not None and '"NewsArticle"' in data.string


def test_each_language_shares_and_names_its_own_address(client, statement_pair):
    for page in statement_pair:
        address = f"http://testserver{page.url}"
        html = soup(client.get(page.url))
        assert html.select_one('link[rel="canonical"]')["href"] == address
        assert html.select_one('meta[property="og:url"]')["content"] == address
        email = html.select_one('.share a[href^="mailto:"]')["href"]
        assert quote(address, safe="/") in email, email  # as the urlencode filter writes it


def test_a_page_describes_itself_in_300_characters_else_the_organisation_does(
    client, tree, statement_pair
):
    english, arabic = statement_pair
    english_profile, arabic_profile = organisation_profile(tree, short_description="We watch.")
    arabic_profile.short_description = "نحن نرصد."
    arabic_profile.save()
    english.subtitle = "Rights & freedoms <today>. " * 20  # 540 characters
    publish(english)
    response = client.get(english.url)
    html = soup(response)
    described = html.select_one('meta[name="description"]')["content"]
    assert described == english.subtitle[:299] + "…"  # cut as text, then escaped once
    assert html.select_one('meta[property="og:description"]')["content"] == described
    assert b"Rights &amp; freedoms &lt;today&gt;." in response.content
    assert b"&amp;amp;" not in response.content
    arabic.subtitle = arabic.search_description = ""
    publish(arabic)
    html = soup(client.get(arabic.url))  # no summary of its own: the organisation's
    assert html.select_one('meta[name="description"]')["content"] == "نحن نرصد."


def test_the_footer_names_this_year(client, tree):
    for language in ("en", "ar"):
        footer = soup(client.get(f"/{language}/")).select_one(".site-footer__legal").get_text()
        with translation.override(language):
            assert digits(timezone.localdate().year) in footer, footer


def test_sitemap_lists_both_languages_with_alternates(client, tree, statement_pair):
    english, arabic = statement_pair
    NewsPageFactory(parent=tree.news_en, slug="english-only", locale=tree.en)
    urls = sitemap_urls(client)
    ns = NS
    assert f"http://testserver{english.url}" in urls
    assert f"http://testserver{arabic.url}" in urls
    assert "http://testserver/en/" in urls and "http://testserver/ar/" in urls
    links = {
        link.get("hreflang"): link.get("href")
        for link in urls[f"http://testserver{arabic.url}"].findall("x:link", ns)
    }
    assert links == {
        "en": f"http://testserver{english.url}",
        "ar": f"http://testserver{arabic.url}",
        "x-default": f"http://testserver{english.url}",
    }
    only = [loc for loc in urls if loc.endswith("/english-only/")]
    assert len(only) == 1
    assert {link.get("hreflang") for link in urls[only[0]].findall("x:link", ns)} == {
        "en",
        "x-default",
    }


def test_sitemap_leaves_out_drafts(client, tree):
    draft = StatementPageFactory(parent=tree.statements_en, slug="secret-draft", locale=tree.en)
    draft.unpublish()
    assert not [loc for loc in sitemap_urls(client) if "secret-draft" in loc]


class TestSectionIndex:
    @pytest.fixture
    def listed(self, tree):
        topic = TopicFactory(name="Detention", slug="detention", locale=tree.en)
        translated_topic = topic.copy_for_translation(tree.ar)
        translated_topic.name = "الاحتجاز"
        translated_topic.save()
        old = StatementPageFactory(
            parent=tree.statements_en,
            title="An old statement",
            publication_date=datetime.date(2024, 5, 1),
            locale=tree.en,
        )
        new = StatementPageFactory(
            parent=tree.statements_en,
            title="A new statement",
            publication_date=datetime.date(2025, 3, 1),
            locale=tree.en,
        )
        new.topics.set([topic])
        publish(new)
        arabic = translate(new, tree.ar, title="بيان جديد")
        return old, new, arabic

    def titles(self, response):
        # get_text().strip(): the matched words are marked, get_text(strip=True) would glue
        # them to their neighbours.
        return [
            a.get_text().strip()
            for a in soup(response).select("main article h2 a, main article h3 a")
        ]

    def test_lists_newest_first(self, client, tree, listed):
        titles = self.titles(client.get(tree.statements_en.url))
        assert titles.index("A new statement") < titles.index("An old statement")

    def test_filters_by_year_and_topic(self, client, tree, listed):
        assert self.titles(client.get(tree.statements_en.url + "?year=2024")) == [
            "An old statement"
        ]
        assert self.titles(client.get(tree.statements_en.url + "?topic=detention")) == [
            "A new statement"
        ]
        # The Arabic copy points at the English topic; the filter still finds it by topic.
        assert self.titles(client.get(tree.statements_ar.url + "?topic=detention")) == ["بيان جديد"]

    @pytest.mark.parametrize(
        "query", ["?year=abc", "?year=99999", "?topic=no-such-topic", "?topic=%00"]
    )
    def test_bad_filters_show_an_empty_state(self, client, tree, listed, query):
        response = client.get(tree.statements_en.url + query)
        assert response.status_code == 200
        assert self.titles(response) == []

    @pytest.mark.parametrize("query", ["?page=abc", "?page=0", "?page=999", "?page=-1"])
    def test_bad_page_numbers_are_404(self, client, tree, listed, query):
        assert client.get(tree.statements_en.url + query).status_code == 404

    def test_paginates(self, client, tree, listed):
        for n in range(12):
            StatementPageFactory(parent=tree.statements_en, title=f"Filler {n}", locale=tree.en)
        first = self.titles(client.get(tree.statements_en.url))
        second = self.titles(client.get(tree.statements_en.url + "?page=2"))
        assert len(first) == 10 and len(second) == 4
        assert not set(first) & set(second)


class TestSearch:
    @pytest.fixture
    def indexed(self, tree):
        english = StatementPageFactory(
            parent=tree.statements_en, title="Prison conditions must improve", locale=tree.en
        )
        arabic = translate(
            english,
            tree.ar,
            title="يجب تحسين ظروف السجون",
            subtitle="إعلان مشترك حول أوضاع الأسرى في المؤسسات العقابية",
        )
        return english, arabic

    def results(self, client, prefix, query):
        response = client.get(f"/{prefix}/search/", {"q": query})
        # get_text().strip(): the matched words are marked, get_text(strip=True) would glue
        # them to their neighbours.
        return [
            a.get_text().strip()
            for a in soup(response).select("main article h2 a, main article h3 a")
        ]

    def test_english_search_finds_english_pages_only(self, client, indexed):
        assert self.results(client, "en", "prison") == ["Prison conditions must improve"]
        assert self.results(client, "en", "السجون") == []

    @pytest.mark.parametrize("query", ["اعلان", "إعلان", "الاسرى", "السجون", "ظروف"])
    def test_arabic_search_normalises_spelling(self, client, indexed, query):
        assert self.results(client, "ar", query) == ["يجب تحسين ظروف السجون"]

    def test_search_page_has_both_language_alternates(self, client, indexed):
        html = soup(client.get("/ar/search/", {"q": "سجن"}))
        assert html.html["dir"] == "rtl"
        assert set(alternates(html)) >= {"en", "ar"}

    @pytest.mark.parametrize("params", [{"q": "x" * 500}, {"q": "prison", "page": "zz"}, {"q": ""}])
    def test_bad_search_input_never_errors(self, client, indexed, params):
        response = client.get("/en/search/", params)
        assert response.status_code in (200, 404)
