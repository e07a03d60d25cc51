from django.conf import settings
from django.core.paginator import InvalidPage, Paginator
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language, get_supported_language_variant
from django.utils.translation.trans_real import parse_accept_lang_header
from django.views.decorators.http import require_GET
from wagtail.models import Locale, Page

from newsroom.core import sections
from newsroom.core.seo import language_alternates
from newsroom.search.query import matching, parse_query

SEARCH_PAGE_SIZE = 10
MAX_QUERY_LENGTH = 200


def preferred_language(request):
    """The first language in Accept-Language that the site speaks; English otherwise."""
    for code, _quality in parse_accept_lang_header(request.headers.get("Accept-Language", "")):
        if code == "*":
            break
        try:
            return get_supported_language_variant(code)
        except LookupError:
            continue
    return settings.LANGUAGE_CODE


@require_GET
def root_redirect(request):
    response = HttpResponseRedirect(f"/{preferred_language(request)}/")
    patch_vary_headers(response, ["Accept-Language"])
    return response


@require_GET
def search(request):
    raw_query = request.GET.get("q", "")
    query = parse_query(raw_query[: MAX_QUERY_LENGTH + 1], get_language())
    error = ""
    results = None
    if len(raw_query) > MAX_QUERY_LENGTH:
        error = "too_long"
    elif query:
        locale = Locale.get_active()
        pages = (
            Page.objects.live()
            .public()
            .filter(locale=locale)
            .not_type(*sections.structural_models())
        )
        results_qs = matching(pages, query)
        paginator = Paginator(results_qs, SEARCH_PAGE_SIZE)
        try:
            results = paginator.page(request.GET.get("page", 1))
        except InvalidPage as exc:
            raise Http404("No such page of results") from exc
        results.object_list = [page.specific for page in results.object_list]
    return render(
        request,
        "core/search.html",
        {
            "query": raw_query,
            "results": results,
            "error": error,
            "alternates": language_alternates(request),
            "max_query_length": MAX_QUERY_LENGTH,
        },
    )
