"""A third language, Central Kurdish (ckb, right to left), switched on by settings alone.

Run by test_third_locale.py in a process of its own started with NEWSROOM_LANGUAGES=en,ar,ckb,
because some of what the setting decides is read once at start-up (the URLconf, the API's
schema): this file is not named test_*.py so that only that process collects it.

The site has no ckb catalogue, so ckb pages and emails show the English interface text
(Django's fallback) around Kurdish content: what an operator sees after the setting and
before the translators' work. What must already be right is structure: lang and dir, every
list of languages, the addresses.
"""

import re
from xml.etree import ElementTree

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.core import mail
from django.core.cache import cache
from wagtail.models import Locale

from newsletter.models import Subscriber
from tests.factories import StatementPageFactory, TopicFactory, build_bilingual_tree, translate
from tests.support.transactions import committed

pytestmark = pytest.mark.django_db

CKB = "ckb"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"


@pytest.fixture(autouse=True)
def three_languages(settings, tmp_path):
    if [code for code, _name in settings.LANGUAGES] != ["en", "ar", CKB]:
        pytest.fail("run with NEWSROOM_LANGUAGES=en,ar,ckb (test_third_locale.py does)")
    settings.FEEDS_ROOT = tmp_path / "feeds"
    settings.NEWSROOM_API_RATE_LIMIT = 100_000
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def trilingual():
    """The bilingual tree of every test, its home and statements index translated into ckb,
    and one statement in all three languages."""
    tree = build_bilingual_tree()
    ckb = Locale.objects.create(language_code=CKB)
    home = translate(tree.home_en, ckb, title="سەرەکی")
    statements = translate(tree.statements_en, ckb, title="بەیاننامەکان")
    translate(tree.news_en, ckb, title="هەواڵەکان")
    translate(tree.events_en, ckb, title="چالاکییەکان")
    statement_en = StatementPageFactory(
        parent=tree.statements_en, locale=tree.en, title="On detention", slug="on-detention"
    )
    statement_ar = translate(statement_en, tree.ar, title="عن الاحتجاز")
    statement = translate(statement_en, ckb, title="دەربارەی دەستبەسەرکردن")
    return {
        "ckb": ckb,
        "home": home,
        "statements": statements,
        "statement": statement,
        "statement_en": statement_en,
        "statement_ar": statement_ar,
    }


def soup(response):
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.content, "html.parser")


def test_django_knows_ckb_as_right_to_left():
    assert settings.LANGUAGE_CODE == "en"
    assert dict(settings.LANGUAGES)[CKB] == "کوردی"
    assert [code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES] == ["en", "ar", CKB]


def test_ckb_pages_are_rtl_with_switcher_and_hreflang(trilingual, client):
    for page in (trilingual["home"], trilingual["statement"]):
        assert page.url.startswith("/ckb/")
        html = soup(client.get(page.url))
        assert (html.html["lang"], html.html["dir"]) == (CKB, "rtl")
        switcher = html.select("[data-language-switcher] a")
        assert [(a["hreflang"], a["dir"]) for a in switcher] == [
            ("en", "ltr"),
            ("ar", "rtl"),
            (CKB, "rtl"),
        ]
        assert [a.get_text(strip=True) for a in switcher] == ["English", "العربية", "کوردی"]
        assert switcher[2]["aria-current"] == "page"
        hreflang = {
            link["hreflang"]: link["href"]
            for link in html.select('link[rel="alternate"][hreflang]')
        }
        assert set(hreflang) == {"en", "ar", CKB, "x-default"}
        assert hreflang[CKB].endswith(page.url)
        assert html.select_one('meta[property="og:locale"]')["content"] == "ckb_IQ"
    english = soup(client.get(trilingual["statement_en"].url))
    assert (english.html["lang"], english.html["dir"]) == ("en", "ltr")
    hreflang = {link["hreflang"] for link in english.select('link[rel="alternate"][hreflang]')}
    assert CKB in hreflang


def test_a_reader_asking_for_ckb_is_sent_to_it(trilingual, client):
    response = client.get("/", headers={"accept-language": "ckb,en;q=0.5"})
    assert (response.status_code, response["Location"]) == (302, "/ckb/")


def test_the_sitemap_lists_ckb_pages_with_their_alternates(trilingual, client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    urls = ElementTree.fromstring(response.content).findall(f"{SITEMAP}url")
    locations = [url.findtext(f"{SITEMAP}loc") for url in urls]
    statement = next(loc for loc in locations if loc.endswith(trilingual["statement"].url))
    entry = urls[locations.index(statement)]
    alternates = {link.get("hreflang") for link in entry.findall(f"{XHTML}link[@rel='alternate']")}
    assert alternates == {"en", "ar", CKB, "x-default"}
    part = client.get("/sitemaps/ckb/statements-1.xml")
    assert part.status_code == 200
    assert trilingual["statement"].url.encode() in part.content
    assert b"/ckb/" in client.get("/sitemaps/index.xml").content


def test_ckb_feeds_build_and_serve(trilingual, client):
    rss = client.get("/ckb/feeds/all.rss")
    assert rss.status_code == 200
    channel = ElementTree.fromstring(rss.content).find("channel")
    assert channel.findtext("language") == CKB
    assert "دەربارەی دەستبەسەرکردن" in [item.findtext("title") for item in channel.iter("item")]
    titles = [item.findtext("title") for item in channel.iter("item")]
    assert "On detention" not in titles and "عن الاحتجاز" not in titles
    atom = client.get("/ckb/feeds/statements.atom")
    assert atom.status_code == 200
    assert b'xml:lang="ckb"' in atom.content
    page = soup(client.get("/ckb/feeds/"))
    assert (page.html["lang"], page.html["dir"]) == (CKB, "rtl")
    # Its links are absolute (SITE_URL), as in the feeds themselves.
    assert any("/ckb/feeds/all.rss" in a["href"] for a in page.select("main a[href]"))
    head = soup(client.get(trilingual["home"].url))
    feeds = [link["href"] for link in head.select('link[type="application/rss+xml"]')]
    assert feeds and all("/ckb/feeds/" in href for href in feeds)


def test_the_api_filters_and_describes_ckb(trilingual, client):
    pages = client.get("/api/v1/pages", {"locale": CKB, "type": "statement"}).json()
    assert [item["title"] for item in pages["results"]] == ["دەربارەی دەستبەسەرکردن"]
    assert {item["locale"] for item in pages["results"]} == {CKB}
    english = client.get("/api/v1/pages", {"locale": "en", "type": "statement"}).json()
    [item] = english["results"]
    assert [t["locale"] for t in item["translations"]] == ["ar", CKB]
    locales = client.get("/api/v1/locales").json()["results"]
    by_code = {locale["code"]: locale for locale in locales}
    assert list(by_code) == ["en", "ar", CKB]
    assert by_code[CKB]["direction"] == "rtl"
    assert by_code[CKB]["home_url"].endswith("/ckb/")
    schema = client.get("/api/v1/openapi.json").json()
    parameters = schema["paths"]["/api/v1/pages"]["get"]["parameters"]
    [locale] = [p for p in parameters if p["name"] == "locale"]
    assert CKB in enum_of(locale["schema"], schema)
    bad = client.get("/api/v1/pages", {"locale": "fr"})
    assert bad.status_code == 400
    assert bad.json()["problems"][0]["allowed"] == ["en", "ar", CKB]


def enum_of(schema, document):
    """The enum a parameter's schema allows, through anyOf and $ref."""
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        return enum_of(document["components"]["schemas"][name], document)
    if "enum" in schema:
        return schema["enum"]
    for option in schema.get("anyOf", []):
        found = enum_of(option, document)
        if found:
            return found
    return []


def test_the_newsletter_offers_ckb_and_mails_a_ckb_subscriber_in_rtl(trilingual, client):
    TopicFactory(name="Detention", slug="detention", locale=Locale.objects.get(language_code="en"))
    form = soup(client.get("/ckb/newsletter/")).select_one("form.newsletter-form")
    choices = {radio["value"]: radio for radio in form.select('input[name="language"]')}
    assert list(choices) == ["en", "ar", CKB]
    assert choices[CKB].has_attr("checked")  # the page's language is the default choice
    label = form.select_one('input[name="language"][value="ckb"]').find_next_sibling("span")
    assert (label["lang"], label["dir"], label.get_text(strip=True)) == (CKB, "rtl", "کوردی")
    with committed():
        response = client.post(
            "/ckb/newsletter/",
            {"email": "reader@example.org", "language": CKB, "frequency": "weekly"},
        )
    assert (response.status_code, response["Location"]) == (
        302,
        "/ckb/newsletter/check-your-email/",
    )
    assert Subscriber.objects.get().language == CKB
    [message] = mail.outbox
    assert message.extra_headers["Content-Language"] == CKB
    html = dict((mime, body) for body, mime in message.alternatives)["text/html"]
    page = BeautifulSoup(html, "html.parser")
    assert (page.html["lang"], page.html["dir"]) == (CKB, "rtl")
    link = re.search(r"https?://[^/\s]+(/ckb/newsletter/confirm/[^/\s]+/)", message.body)
    assert link, message.body
    # No ckb catalogue yet: the interface text falls back to English, the direction does not.
    assert all(line.startswith("\u200f") for line in message.body.splitlines() if line)
    asked = client.get(link.group(1))  # a button: link scanners must not confirm anyone
    assert (soup(asked).html["lang"], soup(asked).html["dir"]) == (CKB, "rtl")
    confirmed = client.post(link.group(1))
    assert confirmed.status_code == 200
    assert Subscriber.objects.get().status == Subscriber.Status.CONFIRMED
