"""Which pages every reader may see: the paths under a view restriction, read once per
content version (every restriction saved or deleted changes it) instead of once per list."""

from django.db.models import Q
from wagtail.models import PageViewRestriction

from . import content_version


def restricted_paths():
    """Tree paths of the pages carrying a view restriction (their descendants inherit it)."""
    return content_version.fragment(
        "restricted-paths",
        [],
        lambda: list(PageViewRestriction.objects.values_list("page__path", flat=True)),
    )


def public_q(page=""):
    """A Q for pages outside every view restriction (Wagtail's ``public()`` without its query
    of the restrictions): matches on ``Page`` and every page model, or on a model that points
    to the page through ``page`` (``"page__"``). Empty while no page is restricted."""
    private = Q()
    for path in restricted_paths():
        private |= Q(**{f"{page}path__startswith": path})
    return ~private if private else Q()


def is_public(page, restricted=None):
    """True unless ``page`` or an ancestor of it is under a view restriction."""
    paths = restricted_paths() if restricted is None else restricted
    return not any(page.path.startswith(path) for path in paths)


class ViewRestrictionsFromCache:
    """For page models: Wagtail checks a page's view restrictions on every serve (two queries
    over its ancestors); for a page under none of them, the cached list says so without one."""

    def get_view_restrictions(self):
        if is_public(self):
            # Already evaluated: Wagtail's serve hook iterates it, and iterating an empty
            # queryset still goes through the SQL compiler to learn there is nothing to ask.
            none = PageViewRestriction.objects.none()
            none._result_cache = []
            return none
        return super().get_view_restrictions()
