"""collectstatic as production runs it: stylesheets minified under content-hashed names, with
their url() references rewritten to the hashed files."""

import json
import re

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
