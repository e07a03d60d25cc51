"""``python manage.py load_demo_content``: the bilingual demo site; run it as often as you like."""

import logging
import time
from contextlib import contextmanager

from django.core.management.base import BaseCommand
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page

from newsroom.core import query_planner
from newsroom.demo.accounts import PASSWORD, USERNAMES
from newsroom.demo.loader import DemoLoader

# Wagtail and django-tasks log every page save and background task at INFO: hundreds of
# lines for one demo load. They are kept at verbosity 2 and above.
NOISY_LOGGERS = ["wagtail", "django_tasks", "modelsearch", "wagtail_localize"]


@contextmanager
def quiet_loggers(verbosity):
    if verbosity >= 2:
        yield
        return
    loggers = [logging.getLogger(name) for name in NOISY_LOGGERS]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)


class Command(BaseCommand):
    help = "Load the bilingual (English/Arabic) demo content. Idempotent: reruns change nothing."

    def handle(self, *args, **options):
        started = time.monotonic()
        with quiet_loggers(options["verbosity"]):
            changes = DemoLoader().run()
        query_planner.refresh_statistics()
        elapsed = time.monotonic() - started
        changed = {name: count for name, count in changes.items() if count}
        if changed:
            done = ", ".join(f"{count} {name}" for name, count in changed.items())
            self.stdout.write(self.style.SUCCESS(f"Demo content loaded in {elapsed:.1f}s: {done}."))
        else:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Demo content already loaded; nothing changed ({elapsed:.1f}s)."
                )
            )
        pages = Page.objects.live().exclude(depth=1)
        self.stdout.write(
            f"  {pages.filter(locale__language_code='en').count()} English and "
            f"{pages.filter(locale__language_code='ar').count()} Arabic live pages, "
            f"{get_image_model().objects.count()} images, "
            f"{get_document_model().objects.count()} documents."
        )
        self.stdout.write(f"Demo accounts (password {PASSWORD}): {', '.join(USERNAMES)}")
