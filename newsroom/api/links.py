"""Absolute URLs for what the API points at. Every link is built on SITE_URL."""

from urllib.parse import urlencode

from django.conf import settings


def absolute(path):
    return settings.SITE_URL + path if path and path.startswith("/") else path


def page_url(page, request):
    """The page's public URL, or None if no site serves it.

    The request only carries Wagtail's cached site root paths, so a list of pages costs no
    query per page.
    """
    parts = page.get_url_parts(request)
    if not parts or parts[2] is None:
        return None
    return absolute(parts[2])


def event_ics_url(event, request=None):
    """Where a calendar application subscribes to one event: the one place to repoint.

    ``request`` only saves the site lookup when many events are listed.
    """
    url = page_url(event, request)
    return url + "calendar.ics" if url else None


def api_url(request, **changes):
    """This request's URL on SITE_URL, with some query parameters replaced."""
    query = request.GET.copy()
    for name, value in changes.items():
        query[name] = str(value)
    return f"{settings.SITE_URL}{request.path}?{urlencode(sorted(query.lists()), doseq=True)}"
