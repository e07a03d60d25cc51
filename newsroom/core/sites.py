"""The Wagtail Site a request is for, from the fragment cache instead of a query per request.

Wagtail looks the site up (hostname, port, the default site: one query with its root page)
the first time a request asks for it (``Site.find_for_request``: serving a page, every page
URL, the settings) and keeps it on that request only. Sites change almost never, and every
change to one moves the content version (``core.signals``), so the copy kept under the
current version is never stale.
"""

from django.http.request import split_domain_port
from wagtail.models import Site
from wagtail.views import serve

from . import content_version


def uses_site(view):
    """Mark a view whose every request asks for the site (a page's URLs, its settings)."""
    view.uses_site = True
    return view


class SiteMiddleware:
    """For Wagtail's page serving and the views marked ``uses_site`` (the search page): the
    readers' pages, whose every request asks for the site. Elsewhere (the admin, the API,
    feeds served from their files, health checks) Wagtail looks it up as before, when a
    request asks. The host was checked against ALLOWED_HOSTS by CommonMiddleware above: no
    stranger's Host header becomes a cache key."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if view_func is serve or getattr(view_func, "uses_site", False):
            hostname, port = split_domain_port(request.get_host())[0], request.get_port()
            request._wagtail_site = content_version.fragment(
                "site", [hostname, port], lambda: _find_site(request)
            )


def _find_site(request):
    site = Site._find_for_request(request)
    if site is not None:
        # The root page as its own type: a page's routing starts from it, and the home page
        # keeps its translations (content.models.HomePage.localized).
        site.root_page = content_version.with_locale(site.root_page.specific)
    return site
