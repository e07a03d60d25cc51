"""Celery beat's schedule, run in this process: the periodic work of the embedded set-up.

Without a broker (``make run``) there is no beat and no worker, so nothing would ever publish a
scheduled page, rebuild the feeds hourly or send the digests. ``manage.py run_scheduler`` runs
this scheduler instead: the same ``CELERY_BEAT_SCHEDULE``, due times computed by Celery's own
``beat.Scheduler``, and each due task run here (``Task.apply``) rather than sent to a broker.
Beat plus a worker and this scheduler therefore run the same functions on the same timetable.

The schedule lives in memory, so a restart forgets when each job last ran. Interval jobs
(publishing scheduled pages every minute, the hourly feed rebuild…) are made due at start, so
whatever fell due while nothing was running is caught up at once; crontab jobs (the digests,
the nightly purge) wait for their next time, as they would under beat.
"""

import logging

from celery import beat, schedules

logger = logging.getLogger(__name__)

MAX_SLEEP = 30.0  # seconds; the schedule is looked at least this often


class InProcessScheduler(beat.Scheduler):
    producer = None  # nothing is sent: tasks run in this process

    def setup_schedule(self):
        super().setup_schedule()
        for entry in self.schedule.values():
            if type(entry.schedule) is schedules.schedule:  # an interval, not a crontab
                entry.last_run_at = entry.default_now() - entry.schedule.run_every

    def apply_entry(self, entry, producer=None):
        logger.debug("Running scheduled job %s (%s)", entry.name, entry.task)
        try:
            self.app.tasks[entry.task].apply(entry.args, entry.kwargs, throw=True)
        except Exception:
            # One failing job must not stop the others; it runs again at its next time.
            logger.exception("Scheduled job %s failed", entry.name)


def unknown_tasks(app):
    """Task names in the beat schedule that no installed app defines."""
    app.loader.import_default_modules()
    return sorted(
        entry["task"] for entry in app.conf.beat_schedule.values() if entry["task"] not in app.tasks
    )


def run(app, stop, max_sleep=MAX_SLEEP):
    """Run due jobs until ``stop`` (a threading.Event) is set; a job under way is finished."""
    scheduler = InProcessScheduler(app=app, max_interval=max_sleep)
    while not stop.is_set():
        stop.wait(scheduler.tick())
