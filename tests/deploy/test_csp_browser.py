"""The Content-Security-Policy as a browser enforces it: the production stack (site/serve.sh)
in Debian's Chromium, without bypassing CSP, and no violation (or other error) in the console."""

import asyncio

import pytest

from tests.factories import EventPageFactory, StatementPageFactory, build_bilingual_tree, publish
from tests.support.browser import launched_chromium, require_chromium
from tests.support.database import database_url_for_subprocess
from tests.support.serve_stack import serve_stack

pytestmark = pytest.mark.browser


@pytest.fixture
def site(transactional_db, tmp_path, settings):
    require_chromium()
    tree = build_bilingual_tree()
    statement = publish(StatementPageFactory(parent=tree.statements_en, title="A statement"))
    event = publish(EventPageFactory(parent=tree.events_ar, locale=tree.ar, title="فعالية"))
    with serve_stack(
        tmp_path,
        DATABASE_URL=database_url_for_subprocess(),
        MEDIA_ROOT=settings.MEDIA_ROOT,
        NEWSROOM_FEEDS_ROOT=settings.FEEDS_ROOT,
    ) as stack:
        stack["paths"] = [
            tree.home_en.url,
            tree.home_ar.url,
            tree.statements_en.url,
            statement.url,
            event.url,
            "/en/search/?q=statement",
            "/ar/newsletter/",
            "/api/v1/docs",
        ]
        yield stack


def console_messages(base, paths):
    async def scenario():
        seen = {}
        async with launched_chromium() as browser:
            for path in paths:
                page = await browser.new_page()
                messages = []
                page.on("console", lambda m, out=messages: out.append(f"{m.type}: {m.text}"))
                page.on("pageerror", lambda e, out=messages: out.append(f"pageerror: {e}"))
                response = await page.goto(base + path, wait_until="networkidle")
                csp = await response.header_value("content-security-policy")
                seen[path] = (response.status, csp, messages)
                await page.close()
        return seen

    return asyncio.run(scenario())


def test_public_pages_load_without_csp_violations(site):
    seen = console_messages(site["base"], site["paths"])
    for path, (status, csp, messages) in seen.items():
        assert status == 200, path
        assert csp and "unsafe-inline" not in csp, path
        problems = [m for m in messages if m.startswith(("error", "warning", "pageerror"))]
        assert problems == [], (path, problems)
