"""Relevance: the order of results when a reader does not ask for the newest first.

Every result holds all the query's words, so what tells them apart is where: a page whose
title holds more of the query's terms comes first, and among equals the newest. This needs
only the titles, read with the other facts of every match (``hits``), so ranking 5,000 matches
costs what reading them does, where the search backends' own score is a search per match.
"""

from .engine import matched
from .hits import hits


def by_relevance(hits, query):
    """``hits`` best first for the parsed ``query``."""
    wanted = frozenset(query.terms)

    def rank(hit):
        return (len(wanted.intersection(hit.title_terms.split())), hit.published, hit.pk)

    return sorted(hits, key=rank, reverse=True)


class Ranked:
    """The pages of the queryset ``pages`` that match ``query``, best first, counted and sliced
    like a queryset: the API paginates them as it paginates any list, in the site's order."""

    def __init__(self, pages, query):
        self._pages = pages
        self._ids = [hit.pk for hit in by_relevance(hits(matched(pages, query)), query)]

    def count(self):
        return len(self._ids)

    def __getitem__(self, window):
        ids = self._ids[window]
        found = self._pages.in_bulk(ids)
        return [found[pk] for pk in ids if pk in found]
