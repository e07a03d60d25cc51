"""``manage.py rebuild_feeds``: rebuild every feed and calendar now, in this process."""

import time

from django.core.management.base import BaseCommand, CommandError

from newsroom.feeds.building import FeedBuildError, rebuild
from newsroom.feeds.catalogue import languages


class Command(BaseCommand):
    help = "Rebuild every feed now (RSS, Atom, JSON Feed and ICS, every language)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--language",
            action="append",
            choices=languages(),
            help="only this language (repeatable); default: every language",
        )

    def handle(self, *args, **options):
        tokens = {f"{code}/*" for code in options["language"] or []} or {"*"}
        started = time.perf_counter()
        try:
            build = rebuild(tokens)
        except FeedBuildError as exc:
            raise CommandError(str(exc)) from exc
        elapsed = time.perf_counter() - started
        self.stdout.write(
            f"Rebuilt {len(build.built)} feeds and calendars in {elapsed:.1f}s "
            f"({len(build.removed)} removed) into {build.store.root}."
        )
