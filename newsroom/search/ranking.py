"""Relevance: the order of results when a reader does not ask for the newest first.

Every result holds all the query's words, so what tells them apart is where: a page whose
title holds more of the query's terms comes first, and among equals the newest. This needs
only the titles, read with the other facts of every match (``hits``), so ranking 5,000 matches
costs what reading them does, where the search backends' own score is a search per match.
"""

from functools import lru_cache

from .analysis import terms


def by_relevance(hits, query, language):
    """``hits`` best first for the parsed ``query``."""
    wanted = frozenset(query.terms)

    def rank(hit):
        return (len(wanted & _title_terms(hit.title, language)), hit.published, hit.pk)

    return sorted(hits, key=rank, reverse=True)


@lru_cache(maxsize=20_000)
def _title_terms(title, language):
    return frozenset(terms(title, language))
