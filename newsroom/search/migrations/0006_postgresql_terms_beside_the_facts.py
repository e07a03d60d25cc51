"""On PostgreSQL the terms' tsvector moves from ``search_pagedocument`` to ``search_pagefacts``,
so a search finds and counts its matches in one narrow table, without a join.

Half the documents' table (20 MB at 10,000 pages, wide with the snippet text) was read to
check a common word, then joined to the facts: 10-13 ms a query for 5,000 matches; the same
check on the facts alone, 3-4 ms (measured on the search benchmark's pages). The column is
not in Django's model: triggers keep it equal to the document's terms, whichever row is
written first. SQLite keeps its FTS5 table (migration ``search.0004``), which answers with
page ids that the facts are read by.
"""

from django.db import migrations

FACTS = "search_pagefacts"
DOCUMENTS = "search_pagedocument"
GIN = "search_pagefacts_terms_gin"
VECTOR = "to_tsvector('simple'::regconfig, {})"

FORWARD = [
    "DROP INDEX IF EXISTS search_pagedocument_terms_gin",
    f"ALTER TABLE {DOCUMENTS} DROP COLUMN IF EXISTS terms_vector",
    f"ALTER TABLE {FACTS} ADD COLUMN terms_vector tsvector",
    f"UPDATE {FACTS} f SET terms_vector = {VECTOR.format('d.terms')} "
    f"FROM {DOCUMENTS} d WHERE d.page_id = f.page_id",
    # Without a pending list: searches outnumber publishes by far, and until a vacuum merged it
    # every search read the whole list (8 ms more a search after 10,000 pages were loaded).
    f"CREATE INDEX {GIN} ON {FACTS} USING gin (terms_vector) WITH (fastupdate = off)",
    # A document written (or rewritten) gives its facts row the terms.
    "CREATE FUNCTION search_terms_to_facts() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    f"UPDATE {FACTS} SET terms_vector = {VECTOR.format('NEW.terms')} "
    "WHERE page_id = NEW.page_id; RETURN NULL; END $$",
    f"CREATE TRIGGER search_terms_to_facts AFTER INSERT OR UPDATE OF terms ON {DOCUMENTS} "
    "FOR EACH ROW EXECUTE FUNCTION search_terms_to_facts()",
    # A facts row written after its document takes the terms from it.
    "CREATE FUNCTION search_terms_of_facts() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    f"NEW.terms_vector := (SELECT {VECTOR.format('terms')} FROM {DOCUMENTS} "
    "WHERE page_id = NEW.page_id); RETURN NEW; END $$",
    f"CREATE TRIGGER search_terms_of_facts BEFORE INSERT ON {FACTS} "
    "FOR EACH ROW EXECUTE FUNCTION search_terms_of_facts()",
]
BACKWARD = [
    f"DROP TRIGGER IF EXISTS search_terms_of_facts ON {FACTS}",
    "DROP FUNCTION IF EXISTS search_terms_of_facts()",
    f"DROP TRIGGER IF EXISTS search_terms_to_facts ON {DOCUMENTS}",
    "DROP FUNCTION IF EXISTS search_terms_to_facts()",
    f"DROP INDEX IF EXISTS {GIN}",
    f"ALTER TABLE {FACTS} DROP COLUMN IF EXISTS terms_vector",
    f"ALTER TABLE {DOCUMENTS} ADD COLUMN terms_vector tsvector "
    f"GENERATED ALWAYS AS ({VECTOR.format('terms')}) STORED",
    f"CREATE INDEX search_pagedocument_terms_gin ON {DOCUMENTS} USING gin (terms_vector)",
]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in FORWARD:
            schema_editor.execute(statement)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in BACKWARD:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("search", "0005_facts_only_of_live_pages")]

    operations = [migrations.RunPython(forward, backward)]
