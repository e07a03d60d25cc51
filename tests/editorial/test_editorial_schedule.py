"""Scheduled publishing: Celery beat runs Wagtail's publish_scheduled every minute."""

import pytest
from django_celery_beat.models import PeriodicTask
from django_celery_beat.schedulers import DatabaseScheduler

from newsroom.celery import app

TASK = "newsroom.editorial.publish_scheduled"


def test_beat_schedule_runs_publish_scheduled_every_minute():
    entry = app.conf.beat_schedule["editorial-publish-scheduled"]
    assert entry["task"] == TASK
    assert entry["schedule"] == 60
    app.loader.import_default_modules()
    assert TASK in app.tasks


@pytest.mark.django_db(transaction=True)
def test_the_database_scheduler_installs_it():
    # The scheduler closes database connections as it goes: no test transaction around it.
    DatabaseScheduler(app=app)
    task = PeriodicTask.objects.get(name="editorial-publish-scheduled")
    assert task.task == TASK and task.enabled
    assert (task.interval.every, task.interval.period) == (60, "seconds")
