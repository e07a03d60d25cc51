"""Each page's words (its search terms and snippet text) move to ``PageDocument``, with a
full-text index of the terms keyed by page id; ``PageFacts`` keeps only narrow columns and
gains the page's language.

On SQLite an FTS5 table reads its text from ``search_pagedocument`` (external content) and
triggers keep it in step with every insert, update and delete of a row, the cascade from a
deleted page included. A later migration that makes SQLite rebuild ``search_pagedocument``
(any change of a column) drops the triggers with the old table and must create them again.
On PostgreSQL the terms' ``simple`` tsvector in a generated column that Django does not see,
with a GIN index.

Facts written before are dropped; ``migrate`` writes them and the documents again
(``facts.fill_missing`` on ``post_migrate``).
"""

import django.db.models.deletion
from django.db import migrations, models

TABLE = "search_pagedocument"
FTS = "search_pagedocument_terms"
GIN = "search_pagedocument_terms_gin"
DELETE_OLD = f"INSERT INTO {FTS}({FTS}, rowid, terms) VALUES ('delete', old.page_id, old.terms);"
INSERT_NEW = f"INSERT INTO {FTS}(rowid, terms) VALUES (new.page_id, new.terms);"

SQLITE = [
    f"CREATE VIRTUAL TABLE {FTS} USING fts5(terms, content='{TABLE}', content_rowid='page_id')",
    f"CREATE TRIGGER {FTS}_insert AFTER INSERT ON {TABLE} BEGIN {INSERT_NEW} END",
    f"CREATE TRIGGER {FTS}_delete AFTER DELETE ON {TABLE} BEGIN {DELETE_OLD} END",
    f"CREATE TRIGGER {FTS}_update AFTER UPDATE ON {TABLE} BEGIN {DELETE_OLD} {INSERT_NEW} END",
]
SQLITE_DROP = [
    *(f"DROP TRIGGER IF EXISTS {FTS}_{event}" for event in ("insert", "delete", "update")),
    f"DROP TABLE IF EXISTS {FTS}",
]
# The tsvector is stored, not an index expression: a phrase is checked again on each candidate
# row (GIN does not hold positions), and parsing every candidate's terms took 137 ms for 500.
POSTGRESQL = [
    f"ALTER TABLE {TABLE} ADD COLUMN terms_vector tsvector "
    "GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, terms)) STORED",
    f"CREATE INDEX {GIN} ON {TABLE} USING gin (terms_vector)",
]
POSTGRESQL_DROP = [f"DROP INDEX IF EXISTS {GIN}", f"ALTER TABLE {TABLE} DROP COLUMN terms_vector"]


def forget_facts(apps, schema_editor):
    apps.get_model("search", "PageFacts").objects.all().delete()


def create_index(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for statement in {"sqlite": SQLITE, "postgresql": POSTGRESQL}.get(vendor, []):
        schema_editor.execute(statement)


def drop_index(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for statement in {"sqlite": SQLITE_DROP, "postgresql": POSTGRESQL_DROP}.get(vendor, []):
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("search", "0003_refill_facts_without_heading_levels")]

    operations = [
        migrations.RunPython(forget_facts, forget_facts),
        migrations.RemoveField(model_name="pagefacts", name="text"),
        migrations.AddField(
            model_name="pagefacts",
            name="language",
            field=models.CharField(default="", max_length=16),
            preserve_default=False,
        ),
        migrations.CreateModel(
            name="PageDocument",
            fields=[
                (
                    "page",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="search_document",
                        serialize=False,
                        to="wagtailcore.page",
                    ),
                ),
                ("terms", models.TextField(blank=True)),
                ("text", models.TextField(blank=True)),
            ],
            options={
                "verbose_name": "search document",
                "verbose_name_plural": "search documents",
            },
        ),
        migrations.RunPython(create_index, drop_index),
    ]
