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
MEDIA_BLOCKS = ("image", "embed")
SENTENCE_ENDS = '.!?؟:;؛…"»”)'


@dataclass(frozen=True)
class Result:
    page: object  # the specific page
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
        found = by_relevance(found, query, language)
    page = Paginator(found, PAGE_SIZE).page(params.page)
    page.object_list = _results(page.object_list, frozenset(query.terms), language)
    return Search(page=page, facets=facets(found, params, language), total=len(found))


def count(raw, language):
    """How many pages in ``language`` match the words ``raw``, unfiltered."""
    return matched(searchable_pages(language), parse_query(raw, language)).count()


def _results(page_hits, terms, language):
    pages = Page.objects.filter(pk__in=[hit.pk for hit in page_hits]).specific()
    by_pk = {page.pk: page for page in pages}
    return [_result(by_pk[hit.pk], terms, language) for hit in page_hits if hit.pk in by_pk]


def _result(page, terms, language):
    return Result(
        page=page,
        title=marked(page.title, terms, language),
        snippet=snippet(page_text(page), terms, language),
    )


def page_text(page):
    """The prose of a page after its title, for snippets: standfirst and body text, without
    the alternative text and captions of images and embeds."""
    parts = [page.subtitle]
    for block in page.body:
        if block.block_type not in MEDIA_BLOCKS:
            parts += block.block.get_searchable_content(block.value)
    return _joined(part.strip() for part in parts if part and part.strip())


def _joined(parts):
    """Blocks run together as one text; a heading or a table cell gets a separator after it,
    so it does not read as the start of the next sentence."""
    text = ""
    for part in parts:
        if text:
            text += " " if text[-1] in SENTENCE_ENDS else " · "
        text += part
    return text
