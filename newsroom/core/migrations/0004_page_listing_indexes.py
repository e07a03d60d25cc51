"""Indexes on Wagtail's page table for the API's default order (newest first published
first, by id among equals), overall and within a language: the first page of a list walks
the index and stops at its limit instead of sorting every live page."""

from django.db import migrations

INDEXES = {
    "newsroom_page_published": "first_published_at, id",
    "newsroom_page_locale_published": "locale_id, first_published_at, id",
}


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0003_content_version"),
        ("wagtailcore", "0001_initial"),
    ]

    operations = [
        migrations.RunSQL(
            f"CREATE INDEX IF NOT EXISTS {name} ON wagtailcore_page ({columns})",
            f"DROP INDEX IF EXISTS {name}",
        )
        for name, columns in INDEXES.items()
    ]
