"""The site's own faces reach the reader: Naskh for Arabic, Source Serif 4 for English headings,
each fetched only by the pages that show it (unicode-range), from the site itself."""

import pytest

from newsroom.content.models import StatementPage

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
