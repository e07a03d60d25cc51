"""manage.py drain_outbox: hand every waiting outbox job to Celery now (what beat's
``newsroom.core.outbox_drain`` does every minute), and say how many still wait."""

from django.core.management.base import BaseCommand, CommandError

from newsroom.core import outbox


class Command(BaseCommand):
    help = "Hand the outbox's waiting jobs (emails owed to sign-ups…) to Celery now."

    def handle(self, *args, **options):
        waiting = outbox.waiting().count()
        handed = outbox.drain()
        left = outbox.waiting().count()
        self.stdout.write(f"{waiting} waiting, {handed} handed over, {left} still waiting.")
        if left:
            raise CommandError("the broker did not take every job; is Redis up?")
