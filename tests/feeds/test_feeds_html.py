"""The Feeds pages and the pages that advertise feeds pass the Nu HTML checker and axe-core."""

import pytest

from newsroom.events.models import EventIndexPage
from tests.support.page_checks import nu_html_errors, serious_accessibility_violations

pytestmark = pytest.mark.browser


def checked_pages():
    events = EventIndexPage.objects.live().filter(locale__language_code="ar").first()
    return {
        "feeds-en": "/en/feeds/",
        "feeds-ar": "/ar/feeds/",
        "events-ar": events.url,
        "statements-topic-en": "/en/statements/?topic=detention",
    }


def test_feeds_pages_pass_the_nu_html_checker(demo_site, vnu_jar, tmp_path):
    assert nu_html_errors(demo_site.url, checked_pages(), vnu_jar, tmp_path) == []


def test_feeds_pages_have_no_serious_accessibility_violations(
    demo_site,
    in_chromium,
    axe_script,
):
    pages = checked_pages()
    found = serious_accessibility_violations(demo_site.url, pages, in_chromium, axe_script)
    assert found == {}
