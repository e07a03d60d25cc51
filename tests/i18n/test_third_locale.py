"""Multilingual, not only bilingual: a third language is a setting (NEWSROOM_LANGUAGES), a
catalogue and translations, never a code change.

The checks (third_locale_checks.py) run in a pytest process of their own with
NEWSROOM_LANGUAGES=en,ar,ckb, as an operator would set it: the URLconf and the API's schema
read the languages once, at start-up, which override_settings in this process cannot reach.
On PostgreSQL that process gets a test database of its own, so it never meets this one's.
"""

import os
import subprocess
import sys
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.core.exceptions import ImproperlyConfigured

from newsroom.core import languages
from tests.support.paths import ROOT

CHECKS = ROOT / "tests" / "i18n" / "third_locale_checks.py"


def environment():
    env = {**os.environ, "NEWSROOM_LANGUAGES": "en,ar,ckb"}
    database = env.get("DATABASE_URL", "")
    if database.startswith("postgres"):
        parts = urlsplit(database)
        env["DATABASE_URL"] = urlunsplit(parts._replace(path=parts.path + "_ckb"))
    return env


def test_central_kurdish_is_switched_on_by_the_setting_alone():
    result = subprocess.run(
        [sys.executable, "-m", "pytest", str(CHECKS), "-q", "-p", "no:cacheprovider"],
        cwd=ROOT,
        env=environment(),
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
    assert " passed" in result.stdout and "skipped" not in result.stdout, result.stdout


def test_the_setting_is_parsed_default_first_and_checked():
    assert languages.parse(" en, AR ,ckb") == ["en", "ar", "ckb"]
    assert languages.reader_languages(["en", "ar", "ckb", "fr"]) == [
        ("en", "English"),
        ("ar", "العربية"),
        ("ckb", "کوردی"),
        ("fr", "français"),
    ]
    for bad in ("", "en,klingon", "en,ar,en"):
        with pytest.raises(ImproperlyConfigured):
            languages.parse(bad)


@pytest.mark.parametrize(
    ("code", "expected"),
    [("en", "en_GB"), ("ar", "ar_AR"), ("ckb", "ckb_IQ"), ("fr", "fr_FR")],
)
def test_open_graph_locales(code, expected):
    assert languages.og_locale(code) == expected
