"""The NinjaAPI instance: operations, error handling, OpenAPI metadata and docs."""

from django.http import Http404
from ninja import NinjaAPI

from . import errors
from .docs import LocalSwagger
from .json_text import RENDERER
from .views import events, organisation, pages, taxonomy

DESCRIPTION = """
Read-only access to the newsroom's published statements, news, reports, events and
invitations, in English and Arabic, and to the profile of the organisation that publishes
them (`/organisation`).

* Only live, public pages appear: drafts, unpublished, scheduled and private pages never do,
  neither in lists nor in counts nor as translations.
* Every page lists its published translations (`translations`), so an Arabic page leads to
  its English original and back.
* All URLs are absolute. Times are ISO 8601 with a UTC offset.
* Errors are JSON (`status`, `error`, `message`, `problems` naming each bad parameter);
  unknown query parameters are errors too.
* Responses carry `ETag` and `Last-Modified` and answer conditional requests with `304`.
  CORS is open to every origin. Anonymous clients are rate-limited per address (`429` with
  `Retry-After`).
"""


api = NinjaAPI(
    title="Newsroom content API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api",
    docs=LocalSwagger(),
    renderer=RENDERER,
)
api.add_router("", pages.router)
api.add_router("", events.router)
api.add_router("", taxonomy.router)
api.add_router("", organisation.router)
errors.install(api)


@api.exception_handler(Http404)
def _not_found(request, exc):
    return errors.error_response(404, "not_found", "Not found.")
