"""The account page in Chromium, as the demo's editor (English admin) and translator (Arabic
admin) open it: its scripts run without an error, the time zone choice included."""

import pytest

from newsroom.demo import accounts
from tests.factories import build_bilingual_tree
from tests.support.browser import log_in

pytestmark = pytest.mark.browser


@pytest.fixture
def people(transactional_db):
    groups, _ = accounts.ensure_groups(build_bilingual_tree().home_ar)
    accounts.ensure_users(groups)


@pytest.mark.parametrize("username", ["editor", "translator"])
def test_the_account_page_runs_without_a_script_error(people, live_server, in_chromium, username):
    base = live_server.url

    async def scenario(browser):
        page = await browser.new_page()
        await log_in(page, base, username)
        await page.goto(base + "/admin/account/")
        zones = page.locator("select[name$=current_time_zone] option")
        await zones.first.wait_for(state="attached")
        # Each zone offered is one the browser knows (its label is drawn with Intl).
        unknown = await zones.evaluate_all(
            """options => options.map(o => o.value).filter(zone => {
                 if (!zone) return false;
                 try { new Intl.DateTimeFormat("en", {timeZone: zone}); return false; }
                 catch (error) { return true; }
               })"""
        )
        return page.script_errors, unknown, await zones.count()

    errors, unknown, offered = in_chromium(scenario)
    assert offered > 400  # every zone of the tz database but the one browsers refuse
    assert unknown == []
    assert errors == []
