"""Celery tasks of the editorial workflow.

- ``sync_translations``: one batch of a translation sync job (see ``sync.py``); the admin
  sends it and returns at once.
- ``publish_scheduled``: Wagtail's ``publish_scheduled`` command (go-live and expiry of pages
  and snippets) plus the heartbeat the admin checks (``scheduling.py``). Celery beat runs it
  every minute (``CELERY_BEAT_SCHEDULE`` in the settings), and so does ``manage.py
  run_scheduler`` without a broker, so scheduled pages go live within a minute of their time
  without a cron job.
"""

from celery import shared_task

from . import scheduling, sync


@shared_task(name="newsroom.editorial.sync_translations")
def sync_translations(job_id):
    sync.run_job(job_id)


@shared_task(name="newsroom.editorial.publish_scheduled")
def publish_scheduled():
    return scheduling.publish_scheduled()
