import asyncio
import shutil
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
