"""manage.py send_digests --frequency daily|weekly [--dry-run]

Sends that frequency's digest for the current period (today / this ISO week) to every
confirmed subscriber of it who has something new since their previous digest. Safe to run
twice: the period's ledger rows are reused, so nothing is sent twice. With a broker the
batches go to the Celery workers; without one they are sent from this process.
"""

from django.core.management.base import BaseCommand

from newsletter import sending
from newsletter.models import Frequency


class Command(BaseCommand):
    help = "Send the daily or weekly newsletter digest now (idempotent per period)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--frequency", required=True, choices=[Frequency.DAILY, Frequency.WEEKLY]
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Count the digests that would be sent; send and record nothing.",
        )

    def handle(self, *args, frequency, dry_run, **options):
        summary = sending.start_digest(frequency, dry_run=dry_run)
        if dry_run:
            self.stdout.write(
                f"{summary['period']}: {summary['digests']} digest(s) would be sent "
                f"({summary['subscribers']} {frequency} subscriber(s) checked)."
            )
            return
        outcomes = summary["outcomes"]
        if outcomes:
            details = ", ".join(f"{count} {name}" for name, count in sorted(outcomes.items()))
        else:
            details = "nothing new to send" if not summary["subscribers"] else "queued"
        self.stdout.write(
            f"{summary['period']}: {summary['subscribers']} subscriber(s) in "
            f"{summary['batches']} batch(es): {details}."
        )
