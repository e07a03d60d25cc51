"""Debian's Chromium driven through Playwright."""

from contextlib import asynccontextmanager
from pathlib import Path

from playwright.async_api import async_playwright

from newsroom.demo.accounts import PASSWORD
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


async def log_in(page, base_url, username):
    """Signs a demo account in through the admin's login form. The page's script errors are
    kept on it from then on (``page.script_errors``): one explains a control that never came."""
    page.script_errors = []
    page.on("pageerror", lambda error: page.script_errors.append(str(error)))
    page.on(
        "console",
        lambda message: message.type == "error" and page.script_errors.append(message.text),
    )
    await page.goto(base_url + "/admin/login/")
    await page.fill("input[name=username]", username)
    await page.fill("input[name=password]", PASSWORD)
    await page.click("button[type=submit]")
    await page.wait_for_url(base_url + "/admin/")
