"""A search as a reader sees it: the matches in one language, filtered by the facets, in the
order asked for, one page of them loaded with their titles and snippets highlighted.
"""

from dataclasses import dataclass

from django.core.paginator import Paginator
from wagtail.models import Page

from newsroom.core import sections

from .engine import matched
from .facets import accepts, facets
from .highlight import marked, snippet
from .hits import hits
from .query import parse_query
from .ranking import by_relevance

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


def searchable_pages(language):
    """Everything published in ``language`` that search can find: the pages of the sections."""
    return (
        Page.objects.live()
        .public()
        .filter(locale__language_code=language)
        .type(*sections.page_models())
    )


def search(params, query, language):
    """The Search for ``params`` (``query`` is their words, parsed); InvalidPage for a page
    number that is not one of its pages."""
    matches = hits(matched(searchable_pages(language), query))
    found = [hit for hit in matches if accepts(params, hit)]
    if params.sort == "date":
        found.sort(key=lambda hit: (hit.published, hit.pk), reverse=True)
    else:
        found = by_relevance(found, query)
    page = Paginator(found, PAGE_SIZE).page(params.page)
    page.object_list = _results(page.object_list, frozenset(query.terms), language)
    return Search(page=page, facets=facets(found, params, language), total=len(found))


def count(raw, language):
    """How many pages in ``language`` match the words ``raw``, unfiltered."""
    return matched(searchable_pages(language), parse_query(raw, language)).count()


def _results(page_hits, terms, language):
    pages = Page.objects.filter(pk__in=[hit.pk for hit in page_hits]).select_related("search_facts")
    by_pk = {page.pk: page for page in pages}
    return [_result(by_pk[hit.pk], hit, terms, language) for hit in page_hits if hit.pk in by_pk]


def _result(page, hit, terms, language):
    return Result(
        page=page,
        kind=page.specific_class.get_verbose_name(),
        published=hit.published,
        title=marked(page.title, terms, language),
        snippet=snippet(page.search_facts.text, terms, language),
    )
