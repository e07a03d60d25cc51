"""``manage.py update_index``: Wagtail's command, then what search reads of every page again.

The site's search matches the terms in ``PageDocument`` (``search.term_index``) and filters by
``PageFacts``, both written as pages are published; after a change to the analysis, or pages
loaded in bulk, this one command brings both indexes up to date. Listed before
``wagtail.search`` in INSTALLED_APPS, this app's command is the one ``manage.py`` runs.
"""

from wagtail.search.management.commands.update_index import Command as WagtailUpdateIndex

from newsroom.search.facts import rebuild


class Command(WagtailUpdateIndex):
    help = "Rebuild Wagtail's search index, then the search facts of every live page."

    def handle(self, **options):
        super().handle(**options)
        if options.get("schema_only"):
            return
        written = rebuild()
        if options.get("verbosity", 1):
            self.stdout.write(f"Search facts written for {written} live pages.")
