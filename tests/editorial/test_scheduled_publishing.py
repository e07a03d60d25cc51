"""Scheduled pages go live whatever runs the schedule, and editors are told when nothing does.

- ``manage.py run_scheduler`` (what ``make run`` starts, no broker) as a real process;
- Celery beat and a worker on Redis, as real processes;
- the dashboard and page editor warnings, in English and Arabic.
"""

import datetime
import os
import subprocess
import sys

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from wagtail.users.models import UserProfile

from newsroom.content.models import StatementPage
from newsroom.editorial import scheduling
from newsroom.editorial.models import SchedulerHeartbeat
from newsroom.editorial.tasks import publish_scheduled
from tests.factories import StatementPageFactory, build_bilingual_tree
from tests.support.paths import ROOT
from tests.support.scheduler import start_scheduler, stop_scheduler
from tests.support.waiting import wait_for

DASHBOARD_MARK = "data-overdue-schedule"
EDITOR_WARNING = "scheduled publishing has not run in the last 5 minutes"


def scheduled_page(tree, title="A statement for later", due_in=datetime.timedelta(hours=1)):
    """A page published with a go-live time, as the editor's schedule dialog does."""
    page = StatementPageFactory(parent=tree.statements_en, locale=tree.en, live=False, title=title)
    page.go_live_at = timezone.now() + datetime.timedelta(hours=1)
    revision = page.save_revision()
    revision.publish()
    if due_in < datetime.timedelta(hours=1):
        # Its time comes (moved, rather than waited for).
        due = timezone.now() + due_in
        revision.content["go_live_at"] = due.isoformat()
        revision.approved_go_live_at = due
        revision.save(update_fields=["content", "approved_go_live_at"])
        StatementPage.objects.filter(pk=page.pk).update(go_live_at=due)
    page.refresh_from_db()
    assert not page.live and page.status_string.lower() == "scheduled"
    return page


def overdue_page(tree, title="An overdue statement"):
    return scheduled_page(tree, title, due_in=-datetime.timedelta(minutes=10))


def log_in(client, language="en"):
    user = get_user_model().objects.create_superuser(f"chief-{language}", "c@example.org", "pw")
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()
    client.force_login(user)
    return client


def dashboard(client):
    return client.get(reverse("wagtailadmin_home")).content.decode()


def page_editor(client, page):
    return client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()


def is_live(page):
    return StatementPage.objects.filter(pk=page.pk, live=True).exists()


# --- The embedded scheduler, as `make run` starts it ------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_the_scheduler_command_publishes_an_overdue_page_at_once_and_stops_cleanly(client):
    tree = build_bilingual_tree()
    page = overdue_page(tree)
    later = scheduled_page(tree, "Not yet")
    log_in(client)
    assert DASHBOARD_MARK in dashboard(client)

    process = start_scheduler()
    try:
        # Its first pass (start-up is most of the wait) publishes what fell due meanwhile,
        # then records the run.
        ran = wait_for(
            lambda: scheduling.has_run_recently() or process.poll() is not None, timeout=60
        )
        assert ran and process.poll() is None, process.communicate(timeout=5)[0]
        assert is_live(page)
        assert not is_live(later)  # only what is due
        assert DASHBOARD_MARK not in dashboard(client)
    finally:
        code, output = stop_scheduler(process)
    assert code == 0, output
    assert "Scheduler stopped." in output


def test_the_scheduler_refuses_a_bad_interval():
    result = subprocess.run(
        [sys.executable, "manage.py", "run_scheduler", "--max-sleep", "0"],
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "newsroom.settings.test"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "--max-sleep must be a positive number" in result.stderr


# --- Celery beat and a worker on Redis ---------------------------------------------------------


def test_beat_and_a_worker_publish_a_scheduled_page_within_a_minute(celery_beat):
    tree = build_bilingual_tree()
    page = overdue_page(tree)

    beat = celery_beat()
    assert wait_for(lambda: is_live(page) or beat.poll() is not None, timeout=60)
    assert beat.poll() is None, "celery beat exited; see var/test-beat.log"
    assert is_live(page), "no run of beat and the worker published the page; see var/*.log"
    assert wait_for(scheduling.has_run_recently, timeout=10)  # the worker recorded the run


# --- What editors are told ---------------------------------------------------------------------


@pytest.mark.django_db
def test_the_dashboard_warns_of_overdue_pages_while_no_scheduler_runs(client):
    tree = build_bilingual_tree()
    log_in(client)
    scheduled_page(tree)  # scheduled, not overdue: nothing to warn about on the dashboard
    assert DASHBOARD_MARK not in dashboard(client)

    page = overdue_page(tree)
    html = dashboard(client)
    assert DASHBOARD_MARK in html
    assert "1 scheduled change (going live or expiring) is past its time" in html
    assert "Scheduled publishing has never run on this site." in html
    assert reverse("wagtailadmin_pages:edit", args=[page.pk]) in html

    publish_scheduled.apply()  # one run, by whatever scheduler: the page is live, all is well
    assert is_live(page)
    assert DASHBOARD_MARK not in dashboard(client)


@pytest.mark.django_db
def test_a_recent_run_means_no_warning_even_with_a_page_just_due(client):
    tree = build_bilingual_tree()
    log_in(client)
    SchedulerHeartbeat.beat()
    overdue_page(tree)  # due after the last run: the next run (within a minute) publishes it
    assert DASHBOARD_MARK not in dashboard(client)

    # Six minutes later, still not run: that is a scheduler that stopped.
    SchedulerHeartbeat.objects.update(ran_at=timezone.now() - datetime.timedelta(minutes=6))
    html = dashboard(client)
    assert DASHBOARD_MARK in html
    assert "Scheduled publishing last ran on" in html


@pytest.mark.django_db
def test_the_page_editor_of_a_scheduled_page_warns_while_no_scheduler_runs(client):
    tree = build_bilingual_tree()
    log_in(client)
    overdue = overdue_page(tree)
    later = scheduled_page(tree)
    ordinary = StatementPageFactory(parent=tree.statements_en, locale=tree.en)

    assert "This page was due to go live on" in page_editor(client, overdue)
    assert "This page is scheduled to go live on" in page_editor(client, later)
    assert EDITOR_WARNING not in page_editor(client, ordinary)

    publish_scheduled.apply()
    assert EDITOR_WARNING not in page_editor(client, later)  # it ran: the page will go live


@pytest.mark.django_db
def test_the_warnings_are_in_arabic_for_an_arabic_admin(client):
    tree = build_bilingual_tree()
    log_in(client, "ar")
    page = overdue_page(tree)

    html = dashboard(client)
    assert DASHBOARD_MARK in html
    assert "النشر المجدول لا يعمل" in html  # the panel's heading
    assert "لم يعمل النشر المجدول على هذا الموقع قط." in html
    assert "كان موعد نشر هذه الصفحة" in page_editor(client, page)
