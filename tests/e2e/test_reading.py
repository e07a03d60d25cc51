"""Readers' view of the demo site in real Chromium: direction, switcher, validity, accessibility."""

import pytest

from newsroom.content.models import StatementPage
from newsroom.events.models import EventPage, InvitationPage
from tests.support.browser import click_and_follow
from tests.support.page_checks import nu_html_errors, serious_accessibility_violations

pytestmark = pytest.mark.browser


def paired(model, **filters):
    """A live Arabic page of ``model`` whose English translation is live too."""
    for arabic in model.objects.live().filter(locale__language_code="ar", **filters):
        english = arabic.get_translation_or_none(arabic.locale.get_default())
        if english is not None and english.live:
            return arabic, english
    raise AssertionError(f"the demo content has no translated {model.__name__}")


def test_arabic_statement_reads_right_to_left_and_switches_to_english(
    demo_site, in_chromium, artifacts
):
    arabic, english = paired(StatementPage)
    arabic_url, english_url = arabic.url, english.url

    async def scenario(browser):
        page = await browser.new_page(viewport={"width": 1280, "height": 900})
        await page.goto(demo_site.url + arabic_url)
        seen = {
            "lang": await page.evaluate("document.documentElement.lang"),
            "dir": await page.evaluate("document.documentElement.dir"),
            "body direction": await page.evaluate("getComputedStyle(document.body).direction"),
            "headline box": await page.locator("main h1").bounding_box(),
        }
        await page.screenshot(path=artifacts / "statement-ar.png", full_page=True)
        await click_and_follow(page, page.locator('[data-language-switcher] a[hreflang="en"]'))
        seen["english url"] = page.url
        seen["english dir"] = await page.evaluate("document.documentElement.dir")
        seen["english headline"] = (await page.locator("main h1").inner_text()).strip()
        seen["back link"] = await page.locator(
            '[data-language-switcher] a[hreflang="ar"]'
        ).get_attribute("href")
        await page.screenshot(path=artifacts / "statement-en.png", full_page=True)
        return seen

    seen = in_chromium(scenario)
    assert (seen["lang"], seen["dir"], seen["body direction"]) == ("ar", "rtl", "rtl")
    # The headline starts at the right edge of the page: the layout is mirrored.
    box = seen["headline box"]
    assert 1280 - (box["x"] + box["width"]) < box["x"]
    assert seen["english url"] == demo_site.url + english_url
    assert seen["english dir"] == "ltr"
    assert seen["english headline"] == english.title
    assert seen["back link"] == arabic_url


def checked_pages():
    statement_ar, statement_en = paired(StatementPage)
    event_ar, event_en = paired(EventPage)
    signup_ar, signup_en = paired(EventPage, sign_up_settings__enabled=True)
    invitation_ar, invitation_en = paired(InvitationPage)
    return {
        "home-en": "/en/",
        "home-ar": "/ar/",
        "statement-en": statement_en.url,
        "statement-ar": statement_ar.url,
        "event-en": event_en.url,
        "event-ar": event_ar.url,
        # With the registration form (open in the demo content).
        "event-signup-en": signup_en.url,
        "event-signup-ar": signup_ar.url,
        "invitation-en": invitation_en.url,
        "invitation-ar": invitation_ar.url,
    }


def test_pages_pass_the_nu_html_checker(demo_site, vnu_jar, tmp_path):
    assert nu_html_errors(demo_site.url, checked_pages(), vnu_jar, tmp_path) == []


def test_pages_have_no_serious_accessibility_violations(demo_site, in_chromium, axe_script):
    pages = checked_pages()
    found = serious_accessibility_violations(demo_site.url, pages, in_chromium, axe_script)
    assert found == {}


def every_page_type():
    """One page of each kind a reader meets, in both languages: {name: url}."""
    from newsroom.content.models import NewsPage, ReportPage, StatementIndexPage

    pages = {}
    for model in (StatementPage, NewsPage, ReportPage, EventPage, InvitationPage):
        arabic, english = paired(model)
        pages[f"{model.__name__}-ar"] = arabic.url
        pages[f"{model.__name__}-en"] = english.url
    for language, word in (("en", "detention"), ("ar", "الاحتجاز")):
        pages[f"home-{language}"] = f"/{language}/"
        index = StatementIndexPage.objects.get(locale__language_code=language)
        pages[f"section-{language}"] = index.url
        pages[f"search-{language}"] = f"/{language}/search/?q={word}"
        pages[f"newsletter-{language}"] = f"/{language}/newsletter/"
        pages[f"feeds-{language}"] = f"/{language}/feeds/"
    return pages


def test_every_page_type_fits_phones_and_desktops_in_both_languages(
    demo_site, in_chromium, artifacts
):
    """Each page type at 390 and 1366 px, screenshots kept under test-artifacts/pages/: nothing
    wider than the screen (a table, a long word or an image that would make a phone scroll
    sideways), and the page's language and direction as its URL says."""
    pages = every_page_type()
    directory = artifacts / "pages"
    directory.mkdir(exist_ok=True)

    async def scenario(browser):
        seen = {}
        for width in (390, 1366):
            page = await browser.new_page(viewport={"width": width, "height": 900})
            for name, url in pages.items():
                response = await page.goto(demo_site.url + url)
                await page.screenshot(path=directory / f"{name}-{width}.png", full_page=True)
                seen[name, width] = {
                    "status": response.status,
                    "lang": await page.evaluate("document.documentElement.lang"),
                    "dir": await page.evaluate("document.documentElement.dir"),
                    "overflow": await page.evaluate(
                        "document.documentElement.scrollWidth - window.innerWidth"
                    ),
                }
            await page.close()
        return seen

    seen = in_chromium(scenario)
    problems = {
        key: found
        for key, found in seen.items()
        if found["status"] != 200
        or found["overflow"] > 0
        or found["lang"] != key[0].rsplit("-", 1)[1]
        or found["dir"] != ("rtl" if key[0].endswith("-ar") else "ltr")
    }
    assert problems == {}
