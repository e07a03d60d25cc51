"""The Feeds pages and the pages that advertise feeds pass the Nu HTML checker and axe-core."""

import json
import subprocess
import urllib.request

import pytest

from newsroom.events.models import EventIndexPage
from tests.e2e.conftest import (  # noqa: F401 - fixtures
    axe_script,
    demo_site,
    in_chromium,
    vnu_jar,
)

pytestmark = pytest.mark.browser


def checked_pages():
    events = EventIndexPage.objects.live().filter(locale__language_code="ar").first()
    return {
        "feeds-en": "/en/feeds/",
        "feeds-ar": "/ar/feeds/",
        "events-ar": events.url,
        "statements-topic-en": "/en/statements/?topic=detention",
    }


def test_feeds_pages_pass_the_nu_html_checker(demo_site, vnu_jar, tmp_path):  # noqa: F811
    files = []
    for name, path in checked_pages().items():
        with urllib.request.urlopen(demo_site.url + path) as response:
            target = tmp_path / f"{name}.html"
            target.write_bytes(response.read())
            files.append(str(target))
    result = subprocess.run(
        ["java", "-jar", str(vnu_jar), "--errors-only", "--format", "json", *files],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    errors = [
        f"{m['url'].rsplit('/', 1)[-1]}:{m.get('lastLine')}: {m['message']}"
        for m in messages
        if m["type"] == "error"
    ]
    assert errors == []


def test_feeds_pages_have_no_serious_accessibility_violations(
    demo_site,  # noqa: F811
    in_chromium,  # noqa: F811
    axe_script,  # noqa: F811
):
    pages = checked_pages()

    async def scenario(browser):
        context = await browser.new_context(bypass_csp=True)
        found = {}
        for name, path in pages.items():
            page = await context.new_page()
            await page.goto(demo_site.url + path)
            await page.add_script_tag(path=str(axe_script))
            result = await page.evaluate("axe.run(document, {resultTypes: ['violations']})")
            serious = [
                f"{v['id']} ({v['impact']}): {v['help']}"
                for v in result["violations"]
                if v["impact"] in ("serious", "critical")
            ]
            if serious:
                found[name] = serious
            await page.close()
        await context.close()
        return found

    assert in_chromium(scenario) == {}
