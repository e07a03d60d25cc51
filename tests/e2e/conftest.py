import asyncio
import json
import shutil
import subprocess
import urllib.request
from contextlib import asynccontextmanager
from pathlib import Path

import pytest
from django.core.management import call_command

from tests.conftest import ROOT, require

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
ARTIFACTS = ROOT / "test-artifacts"
NODE_MODULES = ROOT / "node_modules"


@asynccontextmanager
async def launched_chromium():
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            await browser.close()


@pytest.fixture
def in_chromium():
    """Run ``scenario(browser)`` in Debian's Chromium.

    The browser lives inside ``asyncio.run`` so no event loop is left in the test's thread:
    the ORM (and pytest-django's database fixtures) keep working between browser steps.
    """
    require("Chromium (apt-get install chromium)", Path(CHROMIUM).exists())

    def run(scenario):
        async def main():
            async with launched_chromium() as browser:
                return await scenario(browser)

        return asyncio.run(main())

    return run


@pytest.fixture
def demo_site(transactional_db, live_server):
    """The demo content, served by a live server on the test database."""
    call_command("load_demo_content", verbosity=0)
    return live_server


@pytest.fixture(scope="session")
def artifacts():
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture(scope="session")
def vnu_jar():
    jar = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
    require("the Nu HTML checker (npm ci)", jar.exists())
    require("Java (apt-get install default-jre-headless)", shutil.which("java") is not None)
    return jar


@pytest.fixture(scope="session")
def axe_script():
    script = NODE_MODULES / "axe-core" / "axe.min.js"
    require("axe-core (npm ci)", script.exists())
    return script


def nu_html_errors(base_url, pages, vnu_jar, directory):
    """The Nu HTML checker's errors for ``pages`` ({name: path}), as "name.html:line: message"."""
    files = []
    for name, path in pages.items():
        with urllib.request.urlopen(base_url + path) as response:
            target = directory / f"{name}.html"
            target.write_bytes(response.read())
            files.append(str(target))
    result = subprocess.run(
        ["java", "-jar", str(vnu_jar), "--errors-only", "--format", "json", *files],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    return [
        f"{m['url'].rsplit('/', 1)[-1]}:{m.get('lastLine')}: {m['message']}"
        for m in messages
        if m["type"] == "error"
    ]


def serious_accessibility_violations(base_url, pages, in_chromium, axe_script):
    """axe-core's serious and critical violations on ``pages`` ({name: path}), by name."""

    async def scenario(browser):
        # The axe script is injected inline; the site's Content-Security-Policy would refuse it.
        context = await browser.new_context(bypass_csp=True)
        found = {}
        for name, path in pages.items():
            page = await context.new_page()
            await page.goto(base_url + path)
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

    return in_chromium(scenario)
