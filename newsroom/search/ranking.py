"""The order of results: by relevance, or the newest first, computed by the database.

Every result holds all the query's words, so what tells them apart is where: a page whose
title holds more of the query's terms comes first, and among equals the newest. The titles'
terms are in ``PageFacts``, so the database scores and sorts 5,000 matches and hands over the
ten shown, where the search backends' own score is a search per match.
"""

from django.db.models import Case, Value, When
from django.db.models.functions import StrIndex
from django.db.models.lookups import GreaterThan

from .engine import matched

# How a queryset reaches the facts: a page's, or they are its own rows.
OF_PAGES = "search_facts__"


def by_relevance(matches, query, facts=OF_PAGES):
    """The queryset ``matches`` best first for ``query``: pages, or with ``facts=""`` their
    ``PageFacts``."""
    # 1 for each term in the title: a whole term, the stored title terms being padded. (Not
    # SIGN: Django's SQLite calls a Python function for it on every match.)
    title = f"{facts}title_terms"
    in_title = [
        Case(When(GreaterThan(StrIndex(title, Value(f" {term} ")), 0), then=1), default=0)
        for term in query.terms
    ]
    score = sum(in_title[1:], in_title[0]) if in_title else Value(0)
    return matches.annotate(relevance=score).order_by("-relevance", f"-{facts}published", "-pk")


def newest_first(matches):
    """The queryset ``matches`` (of ``PageFacts``) newest first."""
    return matches.order_by("-published", "-pk")


def ranked(pages, query):
    """The pages of the queryset ``pages`` that match ``query``, best first: a queryset the API
    counts and slices as it does any list."""
    return by_relevance(matched(pages, query), query)
