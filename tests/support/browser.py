"""Debian's Chromium driven through Playwright."""

from contextlib import asynccontextmanager
from pathlib import Path

from playwright.async_api import async_playwright

from tests.support.services import require

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


def require_chromium():
    require("Chromium (apt-get install chromium)", Path(CHROMIUM).exists())


@asynccontextmanager
async def launched_chromium():
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            await browser.close()


async def click_and_follow(page, locator):
    """Clicks a submit button or link and returns once the page it leads to has loaded.

    ``wait_for_load_state`` after a click returns at once while the old page is still loaded,
    so on a slow machine the next step raced the server still handling the form.
    """
    async with page.expect_navigation():
        await locator.click()
