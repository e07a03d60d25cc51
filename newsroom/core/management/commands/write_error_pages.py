"""Write the "we'll be right back" page of each language as static files, for nginx."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import DatabaseError

from newsroom.core.organisation import profile_for
from newsroom.core.unavailable import render_page

DIRECTORY = "errors"


def organisation_name(language):
    """The organisation's name in ``language``, when there is a database to ask: the Docker
    image is built without one, and gets the site name."""
    try:
        return profile_for(language).name
    except DatabaseError:
        return None


class Command(BaseCommand):
    help = (
        "Render the page nginx shows while the app server is down into "
        "STATIC_ROOT/errors/unavailable.<language>.html (run it after collectstatic)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--to", help="directory to write into (default: STATIC_ROOT/errors)", default=None
        )

    def handle(self, *args, **options):
        target = Path(options["to"] or Path(settings.STATIC_ROOT) / DIRECTORY)
        target.mkdir(parents=True, exist_ok=True)
        for code, _name in settings.LANGUAGES:
            path = target / f"unavailable.{code}.html"
            path.write_text(render_page(code, brand=organisation_name(code)), encoding="utf-8")
            if options["verbosity"] > 1:
                self.stdout.write(f"wrote {path}")
