"""The editorial workflow on a real Celery worker (Redis) against the test database."""

import datetime
import time

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page

from newsroom.content.models import StatementPage
from newsroom.editorial import status
from newsroom.editorial.models import SyncJob, SyncLog
from newsroom.editorial.status import pairs_for_page
from newsroom.editorial.tasks import publish_scheduled
from tests.factories import (
    StatementPageFactory,
    build_bilingual_tree,
    build_statement_tree,
    localize,
    publish,
)
from tests.support.waiting import wait_for

pytestmark = pytest.mark.alone

# Seconds: no admin request waits for the work. Generous, so a loaded 2-core CI machine never
# reaches it; a request that synced 500 pages itself would take far longer.
REQUEST_LIMIT = 10.0


def finished_job(job_id, timeout):
    return wait_for(
        lambda: SyncJob.objects.filter(pk=job_id, status__in=["done", "failed"]).first(),
        timeout=timeout,
        interval=0.5,
    )


def test_publish_marks_outdated_and_a_worker_sync_clears_it(celery_worker, admin_client):
    tree = build_bilingual_tree()
    english = publish(
        StatementPageFactory(parent=tree.statements_en, locale=tree.en, subtitle="First.")
    )
    arabic = localize(english, tree.ar, {"First.": "أولًا."})
    assert pairs_for_page(english)[0].status == status.IN_SYNC

    english.subtitle = "Corrected."
    publish(english)
    assert pairs_for_page(english)[0].status == status.OUTDATED

    started = time.monotonic()
    response = admin_client.post(reverse("editorial:sync", args=[english.pk]), {"locale": "ar"})
    assert time.monotonic() - started < REQUEST_LIMIT
    assert response.status_code == 302
    job = finished_job(SyncJob.objects.get().pk, timeout=60)
    assert job is not None, "the worker did not finish the sync"
    assert (job.status, job.updated, job.failed) == ("done", 1, 0), job.results

    pair = pairs_for_page(english)[0]
    assert not pair.is_outdated and pair.status == status.PENDING
    assert StatementPage.objects.get(pk=arabic.pk).subtitle == "أولًا."  # live page unchanged
    assert SyncLog.objects.get(job=job).changes[0]["added"] == ["Corrected."]
    assert celery_worker.poll() is None


def test_a_500_page_tree_syncs_in_the_worker_without_a_long_request(celery_worker, admin_client):
    tree = build_bilingual_tree()
    statements = build_statement_tree(tree, 500)
    keys = [page.translation_key for page in statements]

    started = time.monotonic()
    response = admin_client.post(
        reverse("editorial:sync", args=[tree.statements_en.pk]),
        {"locale": "ar", "include_subtree": "1", "create_missing": "1"},
    )
    request_time = time.monotonic() - started
    assert response.status_code == 302
    assert request_time < REQUEST_LIMIT, f"the sync request took {request_time:.2f}s"

    # The job page and its progress answer at once while the worker runs.
    job = SyncJob.objects.get()
    slowest, seen_running = 0.0, False
    deadline = time.monotonic() + 900
    while time.monotonic() < deadline:
        started = time.monotonic()
        progress = admin_client.get(reverse("editorial:job_progress", args=[job.pk])).json()
        slowest = max(slowest, time.monotonic() - started)
        seen_running |= progress["status"] == "running" and 0 < progress["processed"] < 501
        if progress["finished"]:
            break
        time.sleep(1)
    started = time.monotonic()
    assert admin_client.get(response["Location"]).status_code == 200
    slowest = max(slowest, time.monotonic() - started)
    assert slowest < REQUEST_LIMIT

    job.refresh_from_db()
    assert (job.status, job.total, job.processed, job.created, job.failed) == (
        "done",
        501,
        501,
        500,
        0,
    ), job.error or job.results[:3]
    assert seen_running, "progress was never reported while the job ran"
    arabic = Page.objects.filter(locale=tree.ar, translation_key__in=keys)
    assert arabic.count() == 500
    assert not arabic.filter(live=True).exists()  # drafts until translated and reviewed
    assert celery_worker.poll() is None


def test_a_scheduled_page_goes_live_when_beats_task_runs(celery_worker):
    tree = build_bilingual_tree()
    page = StatementPageFactory(parent=tree.statements_en, locale=tree.en, live=False)
    page.go_live_at = timezone.now() + datetime.timedelta(hours=1)
    revision = page.save_revision()
    revision.publish()
    page.refresh_from_db()
    assert not page.live and page.status_string.lower() == "scheduled"

    # The go-live time comes (moved into the past rather than waiting for it).
    due = timezone.now() - datetime.timedelta(seconds=30)
    revision.content["go_live_at"] = due.isoformat()
    revision.approved_go_live_at = due
    revision.save(update_fields=["content", "approved_go_live_at"])
    StatementPage.objects.filter(pk=page.pk).update(go_live_at=due)

    publish_scheduled.delay()  # what beat sends every minute
    live = wait_for(lambda: StatementPage.objects.filter(pk=page.pk, live=True).first(), 60)
    assert live, "the worker did not publish the scheduled page"
    assert live.live_revision_id == revision.pk
    assert celery_worker.poll() is None
