"""Scheduled publishing: run it, remember that it ran, and tell when it has stopped running.

Wagtail publishes a scheduled revision (and unpublishes an expired page) only when its
``publish_scheduled`` command runs. Celery beat runs it every minute with a broker;
``manage.py run_scheduler`` does without one (``make run``). Each run records a heartbeat in
the database, which every process sees, so the admin can warn editors when pages are overdue
because nothing has run it lately (a stopped beat, worker or scheduler).
"""

import io
import logging
from datetime import timedelta

from django.core.management import call_command
from django.utils import timezone
from wagtail.models import Page, Revision

from .models import SchedulerHeartbeat

logger = logging.getLogger(__name__)

# Beat runs it every minute: five minutes without a run means it is not running.
STALE_AFTER = timedelta(minutes=5)


def publish_scheduled():
    """Wagtail's publish_scheduled, then the heartbeat (only after a run that worked)."""
    due = overdue()
    out = io.StringIO()
    call_command("publish_scheduled", stdout=out)
    SchedulerHeartbeat.beat()
    if due:
        logger.info("Scheduled publishing: %d item(s) went live or expired", due)
    return out.getvalue()


def overdue(now=None):
    """How many scheduled go-lives and expiries are past their time and not yet done."""
    now = now or timezone.now()
    return (
        Revision.objects.filter(approved_go_live_at__lt=now).count()
        + Page.objects.filter(live=True, expire_at__lt=now).count()
    )


def last_run():
    return SchedulerHeartbeat.objects.values_list("ran_at", flat=True).first()


def has_run_recently(now=None):
    ran_at = last_run()
    return ran_at is not None and ran_at >= (now or timezone.now()) - STALE_AFTER


def overdue_pages(limit, now=None):
    """The first ``limit`` pages whose scheduled revision is past its go-live time."""
    now = now or timezone.now()
    revisions = Revision.page_revisions.filter(approved_go_live_at__lt=now).order_by(
        "approved_go_live_at"
    )[:limit]
    pages = Page.objects.in_bulk([int(revision.object_id) for revision in revisions])
    return [
        (pages[int(revision.object_id)], revision.approved_go_live_at)
        for revision in revisions
        if int(revision.object_id) in pages
    ]


def go_live_at(page):
    """When the page's scheduled revision goes live, or None when none is scheduled."""
    return (
        page.revisions.filter(approved_go_live_at__isnull=False)
        .values_list("approved_go_live_at", flat=True)
        .first()
    )
