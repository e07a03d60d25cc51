"""Journey: an editor schedules a statement in the admin and the scheduler publishes it.

Walked in Debian's Chromium through the page editor's schedule dialog, once with `make run`'s
embedded scheduler (``manage.py run_scheduler``) and once with Celery beat and a worker on
Redis. Screenshots go to ``test-artifacts/journeys/schedule-<set-up>/``.
"""

import datetime

import pytest
from django.utils import timezone

from newsroom.content.models import StatementIndexPage, StatementPage
from tests.conftest import wait_for
from tests.editorial.test_scheduled_publishing import (  # noqa: F401 - celery_beat is a fixture
    celery_beat,
    start_scheduler,
    stop,
)

pytestmark = pytest.mark.browser

PASSWORD = "newsroom-demo"
# Beat and run_scheduler run publish_scheduled every minute; a run takes a few seconds.
WITHIN = datetime.timedelta(seconds=60 + 15)


def next_minute_after(seconds):
    """The dialog takes minutes only: the first whole minute at least ``seconds`` away."""
    soon = timezone.localtime() + datetime.timedelta(seconds=seconds)
    return soon.replace(second=0, microsecond=0) + datetime.timedelta(minutes=1)


async def schedule_a_statement(browser, base, parent_id, title, go_live, shots):
    page = await browser.new_page(viewport={"width": 1300, "height": 1000})

    async def shot(name):
        shots.mkdir(parents=True, exist_ok=True)
        count = len(list(shots.iterdir())) + 1
        await page.screenshot(path=shots / f"{count:02d}-{name}.png", full_page=True)

    await page.goto(base + "/admin/login/")
    await page.fill("input[name=username]", "editor")
    await page.fill("input[name=password]", PASSWORD)
    await page.click("button[type=submit]")
    await page.wait_for_url(base + "/admin/")
    await page.goto(f"{base}/admin/pages/add/content/statementpage/{parent_id}/")
    await page.fill("#id_title", title)
    await page.fill("#id_subtitle", "Goes live on its own, at the time the editor chose.")
    await shot("new-statement")

    # The status side panel → "Set schedule" → the go-live time → "Save schedule".
    await page.locator("button[data-side-panel-toggle='status']").click()
    await page.locator("[data-a11y-dialog-show='schedule-publishing-dialog']").first.click()
    await page.fill("#id_go_live_at", go_live.strftime("%Y-%m-%d %H:%M"))
    await page.locator("#subtitle-schedule-publishing-dialog").click()  # closes the picker
    await shot("schedule-dialog")
    await page.locator("#schedule-publishing-dialog button[type=submit]").click()
    await page.wait_for_load_state("networkidle")

    # Publish from the footer's action menu: with a go-live time ahead, that schedules it.
    await page.locator("footer .w-dropdown__toggle").first.click()
    await page.locator("button[name=action-publish]").first.click()
    await page.wait_for_load_state("networkidle")
    messages = " ".join(await page.locator(".messages").all_inner_texts())
    await shot("scheduled")
    await page.close()
    return messages


async def open_live(browser, url, shots):
    page = await browser.new_page(viewport={"width": 1300, "height": 1000})
    response = await page.goto(url)
    await page.screenshot(path=shots / "04-live.png", full_page=True)
    heading = await page.locator("h1").first.inner_text()
    await page.close()
    return response.status, heading


def walk(in_chromium, base, shots, title):
    """The editor schedules; returns the page and the go-live time they chose."""
    parent = StatementIndexPage.objects.get(locale__language_code="en")
    go_live = next_minute_after(30)
    messages = in_chromium(
        lambda browser: schedule_a_statement(browser, base, parent.pk, title, go_live, shots)
    )
    assert "has been scheduled for publishing" in messages, messages
    page = StatementPage.objects.get(title=title)
    assert not page.live and page.status_string.lower() == "scheduled"
    return page, go_live


def published_in_time(page, go_live):
    remaining = (go_live + WITHIN - timezone.now()).total_seconds()
    live = wait_for(
        lambda: StatementPage.objects.filter(pk=page.pk, live=True).first(),
        timeout=max(remaining, 1),
        interval=1,
    )
    assert live, f"not live {WITHIN.seconds} s after its go-live time {go_live:%H:%M}"
    assert go_live <= live.first_published_at <= go_live + WITHIN
    return live


def test_make_runs_scheduler_publishes_what_the_editor_scheduled(demo_site, in_chromium, artifacts):
    shots = artifacts / "journeys" / "schedule-embedded"
    process = start_scheduler()
    try:
        page, go_live = walk(in_chromium, demo_site.url, shots, "Scheduled under make run")
        live = published_in_time(page, go_live)
        assert process.poll() is None
    finally:
        code, output = stop(process)
    assert code == 0, output
    status, heading = in_chromium(
        lambda browser: open_live(browser, demo_site.url + live.url, shots)
    )
    assert (status, heading) == (200, "Scheduled under make run")


def test_beat_and_a_worker_publish_what_the_editor_scheduled(
    demo_site,
    in_chromium,
    artifacts,
    celery_beat,  # noqa: F811 - the fixture imported above
):
    shots = artifacts / "journeys" / "schedule-redis"
    beat = celery_beat()
    page, go_live = walk(in_chromium, demo_site.url, shots, "Scheduled with beat")
    live = published_in_time(page, go_live)
    assert beat.poll() is None
    status, heading = in_chromium(
        lambda browser: open_live(browser, demo_site.url + live.url, shots)
    )
    assert (status, heading) == (200, "Scheduled with beat")
