"""/api/v1/: the API's operations, schema and docs, each wrapped in the shared HTTP
behaviour (newsroom.api.http), and a JSON 404 for every other path below it."""

from django.conf import settings
from django.http import JsonResponse
from django.urls import URLPattern, include, path, re_path

from . import docs
from .api import api
from .errors import error_response
from .http import api_view

_patterns, _app_name, _namespace = api.urls
# Not kept in the response cache: the schema and the docs are not built from content, and the
# organisation's profile is held in the fragment cache already, on the content version, which
# an edit moves on even when it leaves no audit-log entry (the response cache's key).
_UNCACHED = {"openapi-json", "openapi-view", "get_organisation"}
RESOURCES = ("pages", "events", "topics", "organisations", "locales", "organisation")


def index(request):
    base = settings.SITE_URL + "/api/v1/"
    return JsonResponse(
        {
            "docs": base + "docs",
            "openapi": base + "openapi.json",
            "resources": {name: base + name for name in RESOURCES},
        }
    )


def unknown_path(request, rest=""):
    return error_response(404, "not_found", "No such API endpoint; see /api/v1/docs.")


urlpatterns = [
    path("docs/assets/<str:name>", docs.asset, name="api-docs-asset"),
    path(
        "",
        include(
            (
                [
                    URLPattern(
                        p.pattern,
                        # Ninja reverses "api-root" for its paths, but answers it with an HTML
                        # 404: keep the name, answer with the index.
                        api_view(index)
                        if p.name == "api-root"
                        else api_view(p.callback, cache=p.name not in _UNCACHED),
                        p.default_args,
                        p.name,
                    )
                    for p in _patterns
                ],
                _app_name,
            ),
            namespace=_namespace,
        ),
    ),
    # Any path, even one with a line break in it (%0A): "." alone stops at a newline.
    re_path(r"^(?P<rest>(?s:.*))$", api_view(unknown_path)),
]
