"""What results need from word analysis and matching, in one place: a word's index term, the
query's terms, and the pages that match a query, best first.

The site's search page and the API's ``q`` both find pages through ``matched``: one code path,
one behaviour.
"""

from wagtail.models import Page

from newsroom.core.search_query import search_words


def term(word, language):
    """The index term of one written word ("" when it has none)."""
    return search_words(word)


def query_terms(raw, language):
    """The terms a highlight marks for the query as typed."""
    return frozenset(search_words(raw).split())


def matched(pages, raw, language):
    """The pages of the queryset ``pages`` that match the query ``raw``, best first, as a
    queryset (so callers can filter, annotate and count it); empty when nothing is searchable."""
    words = search_words(raw)
    if not words:
        return pages.none()
    # Wagtail search filters only on indexed fields: the filters travel as an id subquery. The
    # database backends' results are a queryset underneath; callers need that, not a list.
    found = Page.objects.filter(id__in=pages.values("id")).search(words, operator="and")
    return found.get_queryset()
