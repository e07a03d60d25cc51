"""The site's search page, /en/search/ and /ar/search/."""

from django.conf import settings
from django.core.paginator import InvalidPage
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language, override
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from newsroom.core.i18n import text_direction
from newsroom.core.seo import language_alternates
from newsroom.core.sites import uses_site

from .params import MAX_QUERY_LENGTH, SORTS, parse
from .query import parse_query
from .results import count, search


@uses_site
@require_GET
def search_page(request):
    params, problems = parse(request.GET)
    language = get_language()
    query = parse_query(params.q, language)
    found = None
    elsewhere = None
    if query and not problems and not params.too_long:
        try:
            found = search(params, query, language)
        except InvalidPage as exc:
            raise Http404("No such page of results") from exc
        if not found.total and not params.filtered:
            elsewhere = _in_other_languages(params, language)
    return render(
        request,
        "search/search.html",
        {
            "query": params.q,
            "params": params,
            "search": found,
            "problems": problems,
            "too_long": params.too_long,
            "elsewhere": elsewhere,
            "alternates": language_alternates(request),
            "max_query_length": MAX_QUERY_LENGTH,
            "clear_filters_url": params.query_string(section="", topic="", year=None),
            "sorts": _sorts(params),
        },
        status=400 if problems else 200,
    )


def _sorts(params):
    labels = {"relevance": _("Relevance"), "date": _("Newest first")}
    return [
        {"label": labels[key], "url": params.query_string(sort=key), "current": params.sort == key}
        for key in SORTS
    ]


def _in_other_languages(params, language):
    """Where a search that found nothing here finds pages: [{language, name, count, url}]."""
    found = []
    for code, _name in settings.LANGUAGES:
        if code == language:
            continue
        total = count(params.q, code)
        if total:
            with override(code):
                url = reverse("search") + params.query_string()
            found.append(
                {"language": code, "direction": text_direction(code), "count": total, "url": url}
            )
    return found
