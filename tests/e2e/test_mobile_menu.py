"""The section menu on a phone: every section in sight from 320 px, in both languages, with the
current one marked."""

import pytest

from newsroom.content.models import StatementPage

pytestmark = pytest.mark.browser

# Each menu link's box, and whether the list hides anything behind a scroll.
MENU = """() => {
  const list = document.querySelector(".main-nav__list");
  const width = document.documentElement.clientWidth;
  return {
    scrolls: list.scrollWidth > list.clientWidth + 1,
    page_scrolls: document.documentElement.scrollWidth > width + 1,
    links: [...list.querySelectorAll("a")].map(a => {
      const box = a.getBoundingClientRect();
      return {
        text: a.textContent.trim(),
        inside: box.left >= 0 && box.right <= width && box.width > 0,
        current: a.hasAttribute("aria-current"),
      };
    }),
  };
}"""


def test_every_section_is_in_sight_on_a_phone(demo_site, in_chromium, artifacts):
    arabic = StatementPage.objects.live().filter(locale__language_code="ar").first()
    english = arabic.get_translation(arabic.locale.get_default())
    urls = {"ar": demo_site.url + arabic.url, "en": demo_site.url + english.url}

    async def scenario(browser):
        seen = {}
        for width in (320, 390):
            for language, url in urls.items():
                page = await browser.new_page(viewport={"width": width, "height": 700})
                await page.goto(url)
                seen[language, width] = await page.evaluate(MENU)
                await page.screenshot(path=artifacts / f"menu-{language}-{width}.png")
                await page.close()
        return seen

    for language, menu in in_chromium(scenario).items():
        assert len(menu["links"]) == 4, (language, menu)
        assert not menu["scrolls"] and not menu["page_scrolls"], (language, menu)
        assert all(link["inside"] for link in menu["links"]), (language, menu)
        # A statement's section is marked as the current one.
        assert [link["current"] for link in menu["links"]] == [True, False, False, False]
