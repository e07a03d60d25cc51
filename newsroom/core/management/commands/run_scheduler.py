"""manage.py run_scheduler [--max-sleep SECONDS]

Runs the Celery beat schedule in this process until SIGTERM or Ctrl-C (see
newsroom.core.scheduler): the periodic work of a set-up without a broker. ``make run`` starts
it next to runserver. With Redis, run ``celery beat`` and a worker instead, not both.
"""

import logging
import signal
import threading

from django.core.management.base import BaseCommand, CommandError

from newsroom.celery import app
from newsroom.core import scheduler


class Command(BaseCommand):
    help = "Run the periodic jobs (scheduled publishing, feed rebuilds, digests…) in-process."

    def add_arguments(self, parser):
        parser.add_argument(
            "--max-sleep",
            type=float,
            default=scheduler.MAX_SLEEP,
            help="Look at the schedule at least this often, in seconds (default: %(default)s).",
        )

    def handle(self, *args, max_sleep, **options):
        if max_sleep <= 0:
            raise CommandError("--max-sleep must be a positive number of seconds.")
        unknown = scheduler.unknown_tasks(app)
        if unknown:
            raise CommandError("The beat schedule names unknown tasks: " + ", ".join(unknown))
        # Celery logs every task run; once a minute is noise next to runserver, failures stay.
        logging.getLogger("celery.app.trace").setLevel(logging.WARNING)
        stop = threading.Event()
        for signum in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
            # A signal ignored on arrival stays ignored (a shell's background job ignores
            # Ctrl-C, nohup ignores hang-ups): under `make run` runserver gets Ctrl-C and the
            # recipe stops the scheduler with SIGTERM once runserver has exited.
            if signal.getsignal(signum) is not signal.SIG_IGN:
                signal.signal(signum, lambda *_: stop.set())
        jobs = ", ".join(sorted(app.conf.beat_schedule))
        self.stdout.write(f"Scheduler running ({jobs}); stop it with Ctrl-C or SIGTERM.")
        scheduler.run(app, stop, max_sleep=max_sleep)
        self.stdout.write("Scheduler stopped.")
