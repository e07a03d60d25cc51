"""URLs worked out once per process, not every time a template asks.

A page's URL is asked for eight times or more while one page is drawn (its canonical link,
Open Graph and JSON-LD, share links, the breadcrumb, the lists beside it), and Wagtail works it
out anew each time: a URL reverse under the page's language, 40 µs; a feed's or calendar's
address is a reverse under its language too. Each answer is kept under everything it depends
on: for a page, its tree path, the language in force, the URL configuration and the sites'
root paths. A moved or renamed page, or a site given another host or root, looks for a new key
and never finds a stale URL.
"""

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_urlconf
from django.utils.translation import get_language

# Every page and feed in every language of a large archive, with room; past it, start again.
LIMIT = 100_000
_known = {}


def remembered(key, work_out):
    """``work_out()``, kept under ``key`` (which must name everything the answer depends on
    besides the URL configuration, which is added)."""
    key = (*key, get_urlconf())
    try:
        return _known[key]
    except KeyError:
        pass
    answer = work_out()
    if len(_known) >= LIMIT:
        _known.clear()
    _known[key] = answer
    return answer


class RememberedUrls:
    """For page models (before ``Page`` in the bases): ``get_url_parts`` remembered."""

    def get_url_parts(self, request=None):
        sites = self._get_relevant_site_root_paths(request)
        if len({site.site_id for site in sites}) > 1:  # Wagtail picks by the request's site
            return super().get_url_parts(request)
        return remembered(
            ("page", self.url_path, get_language(), sites),
            lambda: super(RememberedUrls, self).get_url_parts(request),
        )


@receiver(setting_changed)
def _forget(setting, **kwargs):
    """Tests change the URL configuration and languages under running code."""
    if setting in {"ROOT_URLCONF", "LANGUAGES", "LANGUAGE_CODE", "WAGTAIL_APPEND_SLASH"}:
        _known.clear()
