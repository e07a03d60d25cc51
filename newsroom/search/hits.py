"""The facts of each matched page that search filters, counts, ranks and sorts by: section,
date, topics and title terms, read for every match in one query from ``PageFacts``.
"""

import datetime
from typing import NamedTuple

from .facts import fill


class Hit(NamedTuple):
    """The columns as read: a search makes one for each of thousands of matches, most of which
    only a facet counts, so nothing is parsed that a match may not need."""

    pk: int
    section: str  # the section's key
    published: datetime.date  # the date a reader sees on the page
    title_terms: str  # the title's search terms, space-separated
    topics: str  # topic slugs, shared by both languages, space-separated

    @property
    def year(self):
        return self.published.year

    @property
    def topic_slugs(self):
        return self.topics.split()


def hits(matched):
    """A Hit for every page of the queryset ``matched``, in its order."""
    rows = list(
        matched.values_list(
            "pk",
            "search_facts__section",
            "search_facts__published",
            "search_facts__title_terms",
            "search_facts__topics",
        )
    )
    if any(row[1] is None for row in rows):
        rows = _with_facts_filled(rows)
    return list(map(Hit._make, rows))


def _with_facts_filled(rows):
    """``rows`` with the facts of the pages that had none written and filled in."""
    made = fill([row[0] for row in rows if row[1] is None])
    return [
        row if row[1] is not None else _row(made[row[0]])
        for row in rows
        if row[1] is not None or row[0] in made
    ]


def _row(facts):
    return (facts.page_id, facts.section, facts.published, facts.title_terms, facts.topics)
