"""Celery tasks of the core: the outbox's (``newsroom.core.outbox``: run one job, drain the
waiting ones) and the planner's statistics (``newsroom.core.query_planner``)."""

import smtplib

from celery import shared_task

from . import outbox, query_planner


@shared_task(
    name=outbox.RUN_TASK,
    ignore_result=True,
    acks_late=True,
    # Mail servers that are down or busy: try again later, then the drain's lease takes over.
    autoretry_for=(smtplib.SMTPException, OSError),
    retry_backoff=30,
    retry_backoff_max=30 * 60,
    max_retries=6,
)
def outbox_run(job_id):
    return outbox.run(job_id)


@shared_task(name="newsroom.core.outbox_drain", ignore_result=True, acks_late=True)
def outbox_drain():
    return outbox.drain()


@shared_task(name="newsroom.core.refresh_statistics", ignore_result=True)
def refresh_statistics():
    query_planner.refresh_statistics()
