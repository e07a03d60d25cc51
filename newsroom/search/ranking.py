"""The order of results: by relevance, or the newest first, computed by the database.

Every result holds all the query's words, so what tells them apart is where: a page whose
title holds more of the query's terms comes first, and among equals the newest. The titles'
terms are in ``PageFacts``, so the database scores and sorts 5,000 matches and hands over the
ten shown, where the search backends' own score is a search per match.
"""

from django.db.models import Case, IntegerField, TextField, Value, When
from django.db.models.functions import Concat

from .engine import matched

NEWEST_FIRST = ("-search_facts__published", "-pk")
INTEGER = IntegerField()
TEXT = TextField()


def by_relevance(pages, query):
    """The queryset ``pages`` (matches: each has its facts) best first for ``query``."""
    # Spaces around the terms and the title's terms so a term matches whole terms only.
    padded = Concat(Value(" "), "search_facts__title_terms", Value(" "), output_field=TEXT)
    in_title = [
        Case(When(padded_title__contains=f" {term} ", then=1), default=0, output_field=INTEGER)
        for term in query.terms
    ]
    score = sum(in_title[1:], in_title[0]) if in_title else Value(0, output_field=INTEGER)
    return (
        pages.annotate(padded_title=padded)
        .annotate(relevance=score)
        .order_by("-relevance", *NEWEST_FIRST)
    )


def newest_first(pages):
    return pages.order_by(*NEWEST_FIRST)


def ranked(pages, query):
    """The pages of the queryset ``pages`` that match ``query``, best first: a queryset the API
    counts and slices as it does any list."""
    return by_relevance(matched(pages, query), query)
