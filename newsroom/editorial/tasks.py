"""Celery tasks of the editorial workflow.

- ``sync_translations``: one batch of a translation sync job (see ``sync.py``); the admin
  starts a job with ``start_job`` and returns at once, and each batch that leaves pages to do
  sends the next one, so a large tree never runs into a task time limit.
- ``publish_scheduled``: Wagtail's ``publish_scheduled`` command (go-live and expiry of pages
  and snippets) plus the heartbeat the admin checks (``scheduling.py``). Celery beat runs it
  every minute (``CELERY_BEAT_SCHEDULE`` in the settings), and so does ``manage.py
  run_scheduler`` without a broker, so scheduled pages go live within a minute of their time
  without a cron job.
"""

from celery import shared_task
from django.db import transaction

from newsroom.core import outbox

from . import scheduling, sync
from .models import SyncJob


def start_job(page, locale, user, include_subtree=False, create_missing=False):
    """Record a sync job and send it to the worker once the request's transaction commits
    (through the outbox: while Redis is down the job waits for it)."""
    job = SyncJob.objects.create(
        page=page,
        page_title=page.title[:255],
        target_locale=locale,
        include_subtree=include_subtree,
        create_missing=create_missing,
        requested_by=user if getattr(user, "pk", None) else None,
    )
    outbox.enqueue(sync_translations, job.pk)
    return job


@shared_task(name="newsroom.editorial.sync_translations")
def sync_translations(job_id):
    if sync.run_job(job_id):
        transaction.on_commit(lambda: sync_translations.delay(job_id))


@shared_task(name="newsroom.editorial.publish_scheduled")
def publish_scheduled():
    return scheduling.publish_scheduled()
