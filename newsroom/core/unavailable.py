"""The "we'll be right back" page: one template for every way the site can be unavailable.

- The database cannot be reached (connection refused or lost, a statement cancelled):
  ``server_error`` (Django's ``handler500``) answers 503 with ``Retry-After`` and this page
  instead of the 500 page, and nginx serves its last good copy of the page where it has one
  (``proxy_cache_use_stale http_503``).
- The app server is down, restarting or too slow: nginx serves the same page from static
  files that ``manage.py write_error_pages`` renders beside the collected static files
  (``site/serve.sh`` and the Docker image run it after ``collectstatic``), so it needs
  neither Django nor a database.

The page carries every language of the site, each in its own ``lang``/``dir`` block, the
language of the address first. It is rendered without a request, a database query or a
context processor: only the template, the catalogue and static file names. The organisation's
name is the cache's last copy of its profile (``organisation.last_known``), or the one the
caller read from the database (``write_error_pages``).
"""

import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.views import defaults
from django.views.decorators.csrf import requires_csrf_token

from .organisation import last_known

TEMPLATE = "503.html"
# Seconds a reader (or a crawler) is asked to wait; nginx sends the same (site/nginx).
RETRY_AFTER = 30
# Errors that say "the database is not there right now", not "the code is wrong".
DATABASE_UNAVAILABLE = (OperationalError, InterfaceError)


def page_languages(first):
    """The site's languages, ``first`` (when the site speaks it) leading."""
    codes = [code for code, _name in settings.LANGUAGES]
    if first in codes:
        codes.remove(first)
        codes.insert(0, first)
    return codes


def render_page(language, brand=None):
    """The page, ``language`` first; ``brand`` defaults to the organisation's last known name
    in that language (no database)."""
    languages = page_languages(language)
    with translation.override(languages[0]):
        return render_to_string(
            TEMPLATE, {"languages": languages, "brand": brand or last_known(languages[0]).name}
        )


def unavailable_response(language):
    response = HttpResponse(render_page(language), status=503)
    response["Retry-After"] = str(RETRY_AFTER)
    return response


def database_outage(exc):
    """True when ``exc`` is, or was raised while handling, a database connection error (a
    feed that "could not be built" because the database is gone is an outage too)."""
    seen = set()
    while exc is not None and id(exc) not in seen:
        if isinstance(exc, DATABASE_UNAVAILABLE):
            return True
        seen.add(id(exc))
        exc = exc.__cause__ or exc.__context__
    return False


@requires_csrf_token
def server_error(request):
    """``handler500``: a database outage is a 503 ("try again soon"), anything else a 500."""
    language = translation.get_language_from_path(request.path_info) or translation.get_language()
    if database_outage(sys.exception()):
        return unavailable_response(language)
    # The address decides the language, whatever the failed request had activated.
    with translation.override(language):
        return defaults.server_error(request)
