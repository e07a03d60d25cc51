"""The translation editor in an Arabic admin, as the demo's translator sees it in Chromium.

wagtail-localize draws its heading and footer in the browser, so they are checked there: an
Arabic heading, a footer without an empty button or a toggle opening an empty menu, and
Arabic translations set upright (not in italics). Screenshots go to
``test-artifacts/arabic-admin/``.
"""

import pytest

from newsroom.content.models import StatementPage
from tests.support.browser import log_in

pytestmark = pytest.mark.browser


FOOTER_PROBLEMS = """() => {
  const shown = (el) =>
    el.getClientRects().length > 0 && getComputedStyle(el).visibility !== "hidden";
  const footer = document.querySelector(".js-translation-editor footer");
  const problems = [];
  for (const control of footer.querySelectorAll("a, button")) {
    if (!shown(control)) continue;
    if (control.matches(".w-dropdown__toggle")) {
      const menu = control.closest(".w-dropdown").querySelector(".w-dropdown__content");
      const items = [...menu.children].filter((item) => getComputedStyle(item).display !== "none");
      if (!items.length) problems.push("a toggle opening an empty menu");
    } else if (!control.innerText.trim()) {
      problems.push("an empty button: " + control.outerHTML.slice(0, 120));
    }
  }
  return problems;
}"""


def test_translators_editor_is_arabic_upright_and_its_footer_has_no_empty_controls(
    demo_site, in_chromium, artifacts
):
    base = demo_site.url
    arabic = StatementPage.objects.get(
        locale__language_code="ar", slug="release-detained-journalists"
    )
    shots = artifacts / "arabic-admin"
    shots.mkdir(exist_ok=True)

    async def scenario(browser):
        page = await browser.new_page(viewport={"width": 1400, "height": 1000})
        await log_in(page, base, "translator")
        await page.screenshot(path=shots / "01-dashboard.png", full_page=True)
        await page.goto(base + "/admin/editorial/translations/")
        await page.screenshot(path=shots / "02-report.png", full_page=True)

        await page.goto(f"{base}/admin/pages/{arabic.pk}/edit/")
        await page.wait_for_selector(".js-translation-editor li.complete")
        await page.wait_for_selector(".js-translation-editor footer")
        await page.screenshot(path=shots / "03-translation-editor.png", full_page=True)
        seen = {
            "lang": await page.evaluate("document.documentElement.lang"),
            "headings": await page.locator(".js-translation-editor h3").all_inner_texts(),
            "footer": await page.evaluate(FOOTER_PROBLEMS),
            "footer text": await page.evaluate(
                "document.querySelector('.js-translation-editor footer').textContent"
            ),
            "saved styles": await page.locator(
                ".js-translation-editor li.complete > div[lang=ar] p"
            ).evaluate_all("els => els.map(el => getComputedStyle(el).fontStyle)"),
            "comments": await page.locator(
                ".js-translation-editor li.complete ul li:first-child"
            ).all_inner_texts(),
        }
        await page.close()
        return seen

    seen = in_chromium(scenario)
    assert seen["lang"] == "ar"
    assert "ترجمة من الإنجليزيّة إلى العربيّة" in seen["headings"]
    assert not [h for h in seen["headings"] if h.endswith(" translation")]
    assert seen["footer"] == []
    assert "More actions" not in seen["footer text"]
    assert seen["saved styles"] and set(seen["saved styles"]) == {"normal"}
    assert seen["comments"] and all("تمت الترجمة يدويًا في" in c for c in seen["comments"])
