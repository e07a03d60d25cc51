"""collectstatic as production runs it: stylesheets minified under content-hashed names, with
their url() references rewritten to the hashed files."""

import json
import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.test import override_settings

from tests.support.paths import SITE

PRODUCTION_STATIC = {
    "BACKEND": "newsroom.core.static_storage.MinifiedManifestStaticFilesStorage",
}


def collect(tmp_path, settings):
    root = tmp_path / "static"
    with override_settings(
        STATIC_ROOT=root, STORAGES={**settings.STORAGES, "staticfiles": PRODUCTION_STATIC}
    ):
        call_command("collectstatic", interactive=False, verbosity=0)
    return root


def test_stylesheets_are_minified_hashed_and_point_at_hashed_files(tmp_path, settings):
    root = collect(tmp_path, settings)
    manifest = json.loads((root / "staticfiles.json").read_text())["paths"]

    source = (SITE / "static" / "css" / "newsroom.css").read_text()
    hashed = root / manifest["css/newsroom.css"]
    served = hashed.read_text()
    assert re.fullmatch(r"css/newsroom\.[0-9a-f]{12}\.css", manifest["css/newsroom.css"])
    assert "/*" not in served and "\n\n" not in served
    assert len(served) < 0.9 * len(source)
    # The same rules: every selector and declaration of the source is still there.
    assert ":is(:lang(ar),:lang(ckb),:lang(fa),:lang(ur),:lang(ug)) .article__title" in served
    assert served.count("{") == re.sub(r"/\*.*?\*/", "", source, flags=re.S).count("{")
    # Fonts are referred to by their hashed names, which exist.
    fonts = re.findall(r'url\("?\.\./fonts/([^")]+)"?\)', served)
    assert fonts and all((root / "fonts" / font).exists() for font in fonts)
    assert all(re.search(r"\.[0-9a-f]{12}\.woff2$", font) for font in fonts)


# Every rule of a stylesheet as Chromium parses and writes it back.
RULES = """(css) => {
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(css);
  return [...sheet.cssRules].map((rule) => rule.cssText);
}"""


def comparable(rules):
    """Rules without what minifying and hashing may change: the spaces after commas inside
    values Chromium keeps as written (var(), min()), url() quotes and hashed file names."""
    text = "\n".join(rules)
    text = re.sub(r",\s+", ",", text)
    text = re.sub(r"url\(\"?([^\")]+?)\"?\)", r"url(\1)", text)
    return re.sub(r"\.[0-9a-f]{12}(\.\w+)", r"\1", text).splitlines()


@pytest.mark.browser
def test_every_collected_stylesheet_has_its_sources_rules(tmp_path, settings, in_chromium):
    """Minifying changes no rule: in Chromium, each stylesheet collectstatic writes (the site's,
    the editorial screens', Wagtail's and wagtail-localize's) parses to the rules of its source."""
    root = collect(tmp_path, settings)
    manifest = json.loads((root / "staticfiles.json").read_text())["paths"]
    sheets = {
        name: (Path(finders.find(name)).read_text(), (root / hashed).read_text())
        for name, hashed in manifest.items()
        if name.endswith(".css")
    }
    assert "css/newsroom.css" in sheets and "editorial/editorial.css" in sheets

    async def scenario(browser):
        page = await browser.new_page()
        parsed = {
            name: (await page.evaluate(RULES, source), await page.evaluate(RULES, served))
            for name, (source, served) in sheets.items()
        }
        await page.close()
        return parsed

    for name, (source, served) in in_chromium(scenario).items():
        assert source, name
        assert comparable(served) == comparable(source), name
