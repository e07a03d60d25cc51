"""The database's full-text index of every page's search terms (``PageDocument.terms``): which
pages hold all the words and phrases of a query.

Keyed by page id, so the pages a search finds join the page and facts tables by primary key.
Matching through Wagtail's index entries (keyed by content type and a text id, each row holding
a whole body) cost 7-9 ms for 5,000 matches on SQLite, twice per search; this index answers
the same in 2 ms. The terms are already analysed (``analysis.terms``), so the database
only splits them at spaces: SQLite's FTS5 table ``search_pagedocument_terms`` and PostgreSQL's
GIN index on their ``simple`` tsvector, a generated column (both made by migration
``search.0004``).
"""

from django.db import connections
from django.db.models.expressions import RawSQL

SQLITE = "SELECT rowid FROM search_pagedocument_terms WHERE search_pagedocument_terms MATCH %s"
POSTGRESQL = "SELECT page_id FROM search_pagedocument WHERE terms_vector @@ ({})"


def matching_ids(query, using="default"):
    """The ids of the pages whose terms hold every word and every phrase of the non-empty
    ``query``, as a subquery for ``pk__in``."""
    vendor = connections[using].vendor
    if vendor == "sqlite":
        strings = [_fts5_string([word]) for word in query.words]
        strings += [_fts5_string(phrase) for phrase in query.phrases]
        return RawSQL(SQLITE, [" AND ".join(strings)])
    if vendor == "postgresql":
        parts, params = [], []
        if query.words:
            parts.append("plainto_tsquery('simple'::regconfig, %s)")
            params.append(" ".join(query.words))
        for phrase in query.phrases:
            parts.append("phraseto_tsquery('simple'::regconfig, %s)")
            params.append(" ".join(phrase))
        return RawSQL(POSTGRESQL.format(" && ".join(parts)), params)
    raise NotImplementedError(f"No search term index on {vendor}: set OPENSEARCH_URL")


def _fts5_string(terms):
    """Terms as one FTS5 string (a phrase when there are several): quoted, so no term is read
    as an operator (AND, OR, NOT, NEAR, a column filter)."""
    return '"{}"'.format(" ".join(terms).replace('"', '""'))
