import os
import shutil
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
# Playwright's sync API keeps an event loop in this thread; the ORM calls the tests make
# between browser steps are ordinary blocking calls, which is what this flag allows.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
ARTIFACTS = ROOT / "test-artifacts"
NODE_MODULES = ROOT / "node_modules"


@pytest.fixture(scope="session")
def chromium():
    require("Chromium (apt-get install chromium)", Path(CHROMIUM).exists())
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


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
