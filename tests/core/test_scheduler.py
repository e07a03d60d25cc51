"""The in-process scheduler (run_scheduler) runs beat's schedule: what is due, and when."""

import threading

import pytest
from celery import schedules

from newsroom.celery import app
from newsroom.core import scheduler
from tests.support.waiting import wait_for

ran = []
stop = threading.Event()


@app.task(name="tests.scheduler.fails")
def fails():
    ran.append("fails")
    raise RuntimeError("a job that breaks")


@app.task(name="tests.scheduler.works")
def works(label):
    ran.append(label)


@pytest.fixture
def beat_schedule():
    saved = app.conf.beat_schedule
    ran.clear()
    stop.clear()
    yield app.conf.beat_schedule
    app.conf.beat_schedule = saved


def test_every_job_of_the_beat_schedule_names_a_task_that_exists():
    assert scheduler.unknown_tasks(app) == []


def test_interval_jobs_are_due_at_start_and_crontab_jobs_wait_for_their_time():
    entries = scheduler.InProcessScheduler(app=app).schedule
    assert "editorial-publish-scheduled" in entries
    for name, entry in entries.items():
        is_interval = type(entry.schedule) is schedules.schedule
        assert entry.is_due().is_due == is_interval, name


def test_a_failing_job_does_not_stop_the_others(beat_schedule):
    app.conf.beat_schedule = {
        "first": {"task": "tests.scheduler.fails", "schedule": 60.0},
        "second": {"task": "tests.scheduler.works", "schedule": 60.0, "args": ("second",)},
    }
    raised = []

    def run():
        try:
            scheduler.run(app, stop, max_sleep=1)
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
            raised.append(exc)

    worker = threading.Thread(target=run)
    worker.start()
    wait_for(lambda: len(ran) >= 2 or not worker.is_alive(), timeout=30)
    assert worker.is_alive() and not raised, raised  # still looping after the failure
    stop.set()
    worker.join(timeout=30)
    assert not worker.is_alive(), "the scheduler did not stop when asked"
    assert sorted(ran) == ["fails", "second"]  # each ran once; the failure was only logged
