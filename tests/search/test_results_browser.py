"""The search page in Chromium, on the demo content: both languages at a phone's width (390 px)
and a laptop's (1366 px), screenshots in test-artifacts/search/; no sideways scrolling, the
facets beside the results (at the reading direction's start) on a wide screen, highlights
visible; valid HTML and no serious accessibility violations."""

import pytest

from tests.support.page_checks import nu_html_errors, serious_accessibility_violations

SEARCHES = {
    "en": "/en/search/?q=journalists",
    "ar": "/ar/search/?q=%D8%A7%D8%AD%D8%AA%D8%AC%D8%A7%D8%B2",  # احتجاز: the form without ال
}
WIDTHS = (390, 1366)

LAYOUT = """() => {
    const box = (selector) => {
        const element = document.querySelector(selector);
        return element ? element.getBoundingClientRect().toJSON() : null;
    };
    return {
        dir: document.documentElement.dir,
        overflow: document.documentElement.scrollWidth - window.innerWidth,
        marks: [...document.querySelectorAll(".search-hit mark")].filter(
            (mark) => mark.getBoundingClientRect().width > 0
        ).length,
        hits: document.querySelectorAll(".search-hit").length,
        facets: box(".search-facets"),
        results: box(".search-results"),
    };
}"""


@pytest.mark.browser
def test_search_looks_finished_in_both_languages_and_widths(
    demo_site, in_chromium, artifacts, axe_script, vnu_jar, tmp_path
):
    directory = artifacts / "search"
    directory.mkdir(exist_ok=True)

    async def scenario(browser):
        seen = {}
        for language, path in SEARCHES.items():
            for width in WIDTHS:
                page = await browser.new_page(viewport={"width": width, "height": 900})
                await page.goto(demo_site.url + path)
                seen[language, width] = await page.evaluate(LAYOUT)
                await page.screenshot(path=directory / f"{language}-{width}.png", full_page=True)
                await page.close()
        return seen

    seen = in_chromium(scenario)
    for (language, width), layout in seen.items():
        where = f"{language} at {width} px"
        assert layout["dir"] == ("rtl" if language == "ar" else "ltr"), where
        assert layout["overflow"] <= 0, f"{where} scrolls sideways by {layout['overflow']} px"
        assert layout["hits"] >= 3 and layout["marks"] >= layout["hits"], where
        facets, results = layout["facets"], layout["results"]
        if width == 1366:  # side by side, the facets at the start of the reading direction
            assert facets["top"] < results["bottom"] and results["top"] < facets["bottom"], where
            if language == "ar":
                assert facets["left"] >= results["right"], where
            else:
                assert facets["right"] <= results["left"], where
        else:  # above the results
            assert facets["bottom"] <= results["top"], where

    assert serious_accessibility_violations(demo_site.url, SEARCHES, in_chromium, axe_script) == {}
    assert nu_html_errors(demo_site.url, SEARCHES, vnu_jar, tmp_path) == []
