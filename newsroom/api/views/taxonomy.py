"""/topics, /organisations and /locales: the vocabularies the pages refer to."""

from django.conf import settings
from ninja import Query, Router
from wagtail.models import Page, Site

from newsroom.content.models import Organisation, Topic
from newsroom.core.i18n import text_direction

from ..content import LANGUAGE_CODES, visibility
from ..errors import ERROR_RESPONSES, reject_unknown_parameters
from ..freshness import mark
from ..links import page_url
from ..pagination import paginate
from ..schemas import LocaleFilter, LocaleList, OrganisationList, TopicList

router = Router(tags=["vocabularies"])


def _in_locale(queryset, filters):
    queryset = queryset.select_related("locale").order_by("name", "id")
    if filters.locale:
        queryset = queryset.filter(locale__language_code=filters.locale)
    return queryset


@router.get(
    "/topics",
    response={200: TopicList, **ERROR_RESPONSES},
    summary="List topics",
    operation_id="list_topics",
)
def list_topics(request, filters: Query[LocaleFilter]):
    """Topics in each language; a topic's slug is the same in every language."""
    reject_unknown_parameters(request, LocaleFilter)
    topics, meta = paginate(request, _in_locale(Topic.objects.all(), filters), filters)
    results = [
        {
            "id": topic.pk,
            "locale": topic.locale.language_code,
            "slug": topic.slug,
            "name": topic.name,
            "description": topic.description,
        }
        for topic in topics
    ]
    mark(request)
    return {**meta, "results": results}


@router.get(
    "/organisations",
    response={200: OrganisationList, **ERROR_RESPONSES},
    summary="List organisations",
    operation_id="list_organisations",
)
def list_organisations(request, filters: Query[LocaleFilter]):
    """Issuers, co-signatories and event organisers, in each language."""
    reject_unknown_parameters(request, LocaleFilter)
    organisations, meta = paginate(
        request, _in_locale(Organisation.objects.all(), filters), filters
    )
    results = [
        {
            "id": organisation.pk,
            "locale": organisation.locale.language_code,
            "name": organisation.name,
            "short_name": organisation.short_name,
            "website": organisation.website,
        }
        for organisation in organisations
    ]
    mark(request)
    return {**meta, "results": results}


@router.get(
    "/locales",
    response={200: LocaleList, **ERROR_RESPONSES},
    summary="List languages",
    operation_id="list_locales",
)
def list_locales(request):
    """The languages content is published in, with their writing direction and home page."""
    reject_unknown_parameters(request)
    roots = {root.root_path: root.language_code for root in Site.get_site_root_paths()}
    homes = {
        roots[home.url_path]: page_url(home, request)
        for home in Page.objects.filter(visibility(), url_path__in=list(roots)).select_related(
            "locale"
        )
        if roots.get(home.url_path) == home.locale.language_code
    }
    names = dict(settings.LANGUAGES)
    results = [
        {
            "code": code,
            "name": names.get(code, code),
            "direction": text_direction(code),
            "home_url": homes.get(code),
        }
        for code in LANGUAGE_CODES
    ]
    mark(request)
    return {"results": results}
