"""CLDR formatting as pages print it (file sizes), the sitemap's x-default, and the one
Message-ID helper."""

import pytest
from bs4 import BeautifulSoup
from django.template import Context, Template
from django.utils import translation

from newsroom.core.mail import message_id
from tests.factories import StatementPageFactory, translate
from tests.support.sitemaps import NS, sitemap_urls

SIZE = Template("{% load newsroom_tags %}{{ size|filesize }}")


@pytest.mark.parametrize(
    "language, size, text",
    [
        ("en", 21811, "21.3 KB"),
        ("ar", 21811, "٢١٫٣ ك.ب"),  # the Arabic decimal separator, not a Latin comma
        ("ar", 5 * 1024 * 1024 + 300000, "٥٫٣ م.ب"),
        ("en", 1023, "1023 bytes"),
    ],
)
def test_file_sizes_use_the_languages_decimal_separator(language, size, text):
    with translation.override(language):
        assert SIZE.render(Context({"size": size})) == text


@pytest.mark.django_db
def test_sitemap_names_the_same_x_default_as_the_page_head(client, tree):
    english = StatementPageFactory(parent=tree.statements_en, locale=tree.en, slug="release")
    arabic = translate(english, tree.ar, title="أفرجوا عنهم")
    ns = NS
    urls = sitemap_urls(client)
    for page in (english, arabic):
        links = {
            link.get("hreflang"): link.get("href")
            for link in urls[f"http://testserver{page.url}"].findall("x:link", ns)
        }
        head = BeautifulSoup(client.get(page.url).content, "html.parser")
        in_head = head.select_one('link[rel="alternate"][hreflang="x-default"]')["href"]
        assert links["x-default"] == in_head == f"http://testserver{english.url}"


def test_message_ids_are_on_the_sites_domain_and_never_repeat(settings):
    settings.SITE_URL = "https://news.example.org:8443"
    first, second = message_id("registration"), message_id("registration")
    assert first != second
    assert first.startswith("<registration.") and first.endswith("@news.example.org>")
    # Derived ids repeat only for the same parts (a retried delivery).
    assert message_id("newsletter", 1, 2, "t1") == message_id("newsletter", 1, 2, "t1")
    assert message_id("newsletter", 1, 2, "t1") != message_id("newsletter", 1, 2, "t2")
