"""The database's full-text index of every page's search terms (``PageDocument.terms``): which
pages hold all the words and phrases of a query.

Keyed by page id, so a search reads its matches' ``PageFacts`` by primary key, never the pages'
rows. Matching through Wagtail's index entries (keyed by content type and a text id, each row
holding a whole body) cost 7-9 ms for 5,000 matches on SQLite, twice per search. The terms are
already analysed (``analysis.terms``), so the database only splits them at spaces: SQLite's
FTS5 table ``search_pagedocument_terms`` (migration ``search.0004``), whose row ids are page
ids; PostgreSQL's ``simple`` tsvector of the terms in a column of the facts themselves, with a
GIN index (``search.0006``), so the facts of a search are found and read in one table.
"""

from django.db import connections
from django.db.models import BooleanField, Q
from django.db.models.expressions import RawSQL

from .models import PageFacts

SQLITE = "SELECT rowid FROM search_pagedocument_terms WHERE search_pagedocument_terms MATCH %s"
# Read on the facts' own rows (a queryset of PageFacts, never aliased), or for the pages'.
POSTGRESQL = "search_pagefacts.terms_vector @@ ({})"
POSTGRESQL_IDS = "SELECT page_id FROM search_pagefacts WHERE terms_vector @@ ({})"


def matching(query, model, using="default"):
    """A filter for the rows of ``model`` (a page model, or ``PageFacts``) whose page's terms
    hold every word and every phrase of the non-empty ``query``."""
    vendor = connections[using].vendor
    if vendor == "sqlite":
        strings = [_fts5_string([word]) for word in query.words]
        strings += [_fts5_string(phrase) for phrase in query.phrases]
        return Q(pk__in=RawSQL(SQLITE, [" AND ".join(strings)]))
    if vendor == "postgresql":
        tsquery, params = _tsquery(query)
        if model is PageFacts:
            return RawSQL(POSTGRESQL.format(tsquery), params, output_field=BooleanField())
        return Q(pk__in=RawSQL(POSTGRESQL_IDS.format(tsquery), params))
    raise NotImplementedError(f"No search term index on {vendor}: set OPENSEARCH_URL")


def _tsquery(query):
    parts, params = [], []
    if query.words:
        parts.append("plainto_tsquery('simple'::regconfig, %s)")
        params.append(" ".join(query.words))
    for phrase in query.phrases:
        parts.append("phraseto_tsquery('simple'::regconfig, %s)")
        params.append(" ".join(phrase))
    return " && ".join(parts), params


def _fts5_string(terms):
    """Terms as one FTS5 string (a phrase when there are several): quoted, so no term is read
    as an operator (AND, OR, NOT, NEAR, a column filter)."""
    return '"{}"'.format(" ".join(terms).replace('"', '""'))
