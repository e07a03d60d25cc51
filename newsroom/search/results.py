"""A search as a reader sees it: the matches in one language, filtered by the facets, in the
order asked for, one page of them loaded with their titles and snippets highlighted.

Three queries whatever the number of matches: their groups for the facets and the count, the
ids of one page of them in order, and those pages (the topics' names come from the fragment
cache). The first two read only the matches' ``PageFacts``, never their pages' rows: facts
exist exactly while a page is live (``facts``), and the view restrictions are read from the
cache (``public_q``).
"""

from dataclasses import dataclass

from django.core.paginator import Paginator
from wagtail.models import Page

from newsroom.core.visibility import public_q

from .engine import matched
from .facets import accepts, facets, filtered, groups
from .highlight import marked, snippet
from .models import PageFacts
from .query import parse_query
from .ranking import by_relevance, newest_first

PAGE_SIZE = 10


@dataclass(frozen=True)
class Result:
    page: object  # the page (not the specific one: its URL is all that is read)
    kind: str  # the page type's name
    published: object  # the date a reader sees on the page
    title: str  # HTML: escaped, matched words marked
    snippet: str  # HTML: escaped, matched words marked


@dataclass(frozen=True)
class Search:
    page: object  # a Paginator page of Results
    facets: tuple
    total: int  # before pagination, after the filters


def searchable(language):
    """The ``PageFacts`` of everything published in ``language`` that readers may see: the
    live pages of the sections (only they have facts) outside every view restriction. A
    search's 5,000 matches are read from this one narrow table."""
    return PageFacts.objects.filter(public_q(page="page__"), language=language)


def search(params, query, language):
    """The Search for ``params`` (``query`` is their words, parsed); InvalidPage for a page
    number that is not one of its pages."""
    matches = matched(searchable(language), query)
    found = [group for group in groups(matches) if accepts(params, group)]
    total = sum(group.count for group in found)
    chosen = filtered(matches, params)
    if params.sort == "date":
        ordered = newest_first(chosen)
    else:
        ordered = by_relevance(chosen, query, facts="")
    page = Paginator(_Counted(ordered, total), PAGE_SIZE).page(params.page)
    terms = frozenset(query.terms)
    page.object_list = [_result(found_page, terms, language) for found_page in page.object_list]
    return Search(page=page, facets=facets(found, params, language), total=total)


class _Counted:
    """Matches in order whose number the groups already told: the paginator counts them
    without a query, and a page of them is ordered by id alone (sorting every match with its
    snippet text cost more than the rest of the search), then loaded."""

    def __init__(self, ordered, total):
        self._ordered = ordered
        self._total = total

    def count(self):
        return self._total

    def __getitem__(self, window):
        ids = list(self._ordered.values_list("pk", flat=True)[window])
        pages = Page.objects.filter(pk__in=ids).order_by()
        pages = pages.select_related("search_facts", "search_document")
        pages = pages.defer("search_document__terms").in_bulk()  # the text, not the terms
        return [pages[pk] for pk in ids if pk in pages]


def count(raw, language):
    """How many pages in ``language`` match the words ``raw``, unfiltered."""
    return matched(searchable(language), parse_query(raw, language)).count()


def _result(page, terms, language):
    return Result(
        page=page,
        kind=page.specific_class.get_verbose_name(),
        published=page.search_facts.published,
        title=marked(page.title, terms, language),
        snippet=snippet(page.search_document.text, terms, language),
    )
