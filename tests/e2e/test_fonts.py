"""The site's own faces reach the reader: Naskh for Arabic, Source Serif 4 for English headings,
each fetched only by the pages that show it (unicode-range), from the site itself."""

import pytest

from newsroom.content.models import StatementPage
from tests.support.paths import SITE

pytestmark = pytest.mark.browser

# What the browser did with each @font-face once the page and its fonts are ready.
FACES = """async () => {
  await document.fonts.ready;
  return [...document.fonts].map(f => `${f.family.replaceAll('"', '')} ${f.weight} ${f.status}`);
}"""
HEADLINE_FACE = """() => {
  const h1 = document.querySelector("main h1");
  return document.fonts.check(`700 32px ${getComputedStyle(h1).fontFamily}`, h1.textContent);
}"""


def test_each_language_loads_its_own_faces_from_the_site(demo_site, in_chromium, artifacts):
    arabic = StatementPage.objects.live().filter(locale__language_code="ar").first()
    english = arabic.get_translation(arabic.locale.get_default())
    urls = {"ar": demo_site.url + arabic.url, "en": demo_site.url + english.url}

    async def scenario(browser):
        seen = {}
        for language, url in urls.items():
            page = await browser.new_page(viewport={"width": 390, "height": 844})
            fetched = []
            page.on("requestfinished", lambda request, fetched=fetched: fetched.append(request.url))
            await page.goto(url)
            faces = await page.evaluate(FACES)
            seen[language] = {
                "loaded": sorted(face for face in faces if face.endswith(" loaded")),
                "font files": sorted(u.rsplit("/", 1)[1] for u in fetched if ".woff2" in u),
                "foreign font hosts": [
                    u for u in fetched if ".woff" in u and not u.startswith(demo_site.url)
                ],
                "headline face ready": await page.evaluate(HEADLINE_FACE),
            }
            await page.screenshot(path=artifacts / f"fonts-{language}.png")
            await page.close()
        return seen

    seen = in_chromium(scenario)
    assert seen["ar"]["loaded"] == ["Noto Naskh Arabic 400 loaded", "Noto Naskh Arabic 700 loaded"]
    assert seen["ar"]["font files"] == [
        "noto-naskh-arabic-400.woff2",
        "noto-naskh-arabic-700.woff2",
    ]
    # English pages show one Arabic word, the switcher's "العربية", in the regular Naskh.
    assert seen["en"]["loaded"] == ["Noto Naskh Arabic 400 loaded", "Source Serif 4 600 700 loaded"]
    assert seen["en"]["font files"] == ["noto-naskh-arabic-400.woff2", "source-serif-4-700.woff2"]
    assert seen["ar"]["foreign font hosts"] == seen["en"]["foreign font hosts"] == []
    assert seen["ar"]["headline face ready"] and seen["en"]["headline face ready"]


# What the stylesheet gives a page's text and headline in a language.
TYPE_OF = """() => {
  const style = (selector) => getComputedStyle(document.querySelector(selector));
  return {
    body: style("body").fontFamily.split(",")[0].replaceAll('"', ""),
    headline: style("h1").fontFamily.split(",")[0].replaceAll('"', ""),
    "tight headline": style("h1").letterSpacing !== "normal",
    "quoted English": style("q").fontFamily.split(",")[0].replaceAll('"', ""),
  };
}"""


ARABIC_TYPE = {
    "body": "Noto Naskh Arabic",
    "headline": "Noto Naskh Arabic",
    "tight headline": False,
}
LATIN_TYPE = {"body": "system-ui", "headline": "Source Serif 4", "tight headline": True}


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("ar", ARABIC_TYPE),
        ("ckb", ARABIC_TYPE),
        ("fa", ARABIC_TYPE),
        ("en", LATIN_TYPE),
        ("fr", LATIN_TYPE),
    ],
)
def test_every_arabic_script_language_takes_the_arabic_typography(in_chromium, language, expected):
    """Adding Central Kurdish or Persian to NEWSROOM_LANGUAGES needs no CSS: the Arabic rules
    follow the script, a Latin language takes the Latin ones, and an English quotation inside
    any of them is set in the Latin face."""
    html = (
        f'<html lang="{language}"><body><main><h1 class="article__title">Title</h1>'
        '<p>Text <q lang="en">quoted</q></p></main></body></html>'
    )

    async def scenario(browser):
        page = await browser.new_page()
        await page.set_content(html)
        await page.add_style_tag(path=str(SITE / "static" / "css" / "newsroom.css"))
        found = await page.evaluate(TYPE_OF)
        await page.close()
        return found

    assert in_chromium(scenario) == {**expected, "quoted English": "system-ui"}
