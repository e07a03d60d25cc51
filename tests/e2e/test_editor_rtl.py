"""Arabic is edited right to left: translation editor and page editor, in real Chromium."""

import pytest
from wagtail.models import Locale

from newsroom.content.models import StatementIndexPage, StatementPage
from newsroom.demo.statements import CORRECTION
from tests.support.browser import log_in

pytestmark = pytest.mark.browser


# Direction, language and computed direction of whatever the selector finds first.
PROBE = """(selector) => {
  const element = document.querySelector(selector);
  if (!element) return null;
  return {
    dir: element.getAttribute("dir"),
    lang: element.getAttribute("lang"),
    direction: getComputedStyle(element).direction,
  };
}"""


def arabic_only_statement():
    """An Arabic page written directly in Arabic (not a synced translation): the page editor."""
    arabic = Locale.objects.get(language_code="ar")
    index = StatementIndexPage.objects.get(locale=arabic)
    page = StatementPage(
        title="بيان كُتب بالعربية",
        slug="arabic-first-statement",
        locale=arabic,
        subtitle="موجز البيان.",
        body=[
            {"type": "paragraph", "value": "<p>الفقرة الأولى.</p>"},
            {"type": "heading", "value": {"text": "عنوان فرعي", "level": "h2"}},
        ],
    )
    index.add_child(instance=page)
    page.save_revision().publish()
    return page


def test_arabic_fields_are_edited_right_to_left(demo_site, in_chromium, artifacts):
    english = StatementPage.objects.get(slug=CORRECTION.key, locale__language_code="en")
    translated = english.get_translation(Locale.objects.get(language_code="ar"))
    arabic_first = arabic_only_statement()
    base = demo_site.url

    async def scenario(browser):
        page = await browser.new_page(viewport={"width": 1400, "height": 1000})
        await log_in(page, base, "translator")
        seen = {}

        # The translation editor (wagtail-localize's React app) for the Arabic statement.
        await page.goto(f"{base}/admin/pages/{translated.pk}/edit/")
        await page.wait_for_selector(".js-translation-editor li")
        seen["panel"] = await page.locator("[data-editorial-panel]").get_attribute("data-status")
        seen["source string"] = await page.evaluate(PROBE, ".js-translation-editor li > p")
        seen["translated string"] = await page.evaluate(PROBE, ".js-translation-editor li > div")
        # A translated segment's last button opens its box (the label is in the admin's language).
        translated_segment = page.locator(".js-translation-editor li.complete").first
        await translated_segment.locator("button").last.click()
        textarea = page.locator(".js-translation-editor textarea").first
        await textarea.wait_for()
        seen["translation box"] = await page.evaluate(PROBE, ".js-translation-editor textarea")
        await textarea.fill("نص عربي جديد")
        await page.screenshot(path=artifacts / "translation-editor-rtl.png")

        # The page editor of a page written in Arabic.
        await page.goto(f"{base}/admin/pages/{arabic_first.pk}/edit/")
        await page.wait_for_selector(".public-DraftEditor-content")
        seen["title"] = await page.evaluate(PROBE, "#id_title")
        seen["standfirst"] = await page.evaluate(PROBE, "#id_subtitle")
        seen["rich text"] = await page.evaluate(PROBE, ".public-DraftEditor-content")
        seen["heading block"] = await page.evaluate(PROBE, "[name$='-value-text']")
        seen["slug"] = await page.evaluate(PROBE, "#id_slug")
        seen["interface"] = await page.evaluate("getComputedStyle(document.body).direction")
        seen["date"] = await page.evaluate(PROBE, "#id_publication_date")
        editable = page.locator(".public-DraftEditor-content").first
        await editable.click()
        await page.keyboard.press("End")
        await page.keyboard.press("Enter")
        await page.keyboard.type("سطر جديد")
        seen["typed line"] = await page.evaluate(
            """() => {
              const blocks = document.querySelectorAll(
                '.public-DraftEditor-content [data-block="true"]');
              const last = blocks[blocks.length - 1];
              const style = getComputedStyle(last.querySelector('div') || last);
              return {direction: style.direction, align: style.textAlign};
            }"""
        )
        await page.screenshot(path=artifacts / "page-editor-rtl.png")

        # An English page stays left to right.
        await page.close()
        page = await browser.new_page(viewport={"width": 1400, "height": 1000})
        await log_in(page, base, "editor")
        await page.goto(f"{base}/admin/pages/{english.pk}/edit/")
        await page.wait_for_selector(".public-DraftEditor-content")
        seen["english title"] = await page.evaluate(PROBE, "#id_title")
        seen["english rich text"] = await page.evaluate(PROBE, ".public-DraftEditor-content")
        return seen

    seen = in_chromium(scenario)
    rtl = {"dir": "rtl", "lang": "ar", "direction": "rtl"}
    assert seen["panel"] == "outdated"
    assert seen["source string"] == {"dir": "ltr", "lang": "en", "direction": "ltr"}
    assert seen["translated string"] == rtl
    assert seen["translation box"] == rtl
    for field in ("title", "standfirst", "rich text", "heading block"):
        assert seen[field] == rtl, field
    assert seen["typed line"]["direction"] == "rtl"
    assert seen["typed line"]["align"] in ("right", "start")
    # Slugs and dates are not prose: they keep the interface's direction.
    assert seen["slug"]["dir"] is None
    assert seen["slug"]["direction"] == seen["interface"]
    assert seen["date"]["dir"] is None
    assert seen["english title"] == {"dir": "ltr", "lang": "en", "direction": "ltr"}
    assert seen["english rich text"]["direction"] == "ltr"
