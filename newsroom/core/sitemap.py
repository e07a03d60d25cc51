"""/sitemap.xml: every live public page of both languages, with hreflang alternates and the
same ``x-default`` as the page's own head (``seo.x_default``)."""

from collections import defaultdict

from django.conf import settings
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.views.decorators.http import require_GET
from wagtail.models import Page

from newsroom.core.seo import absolute_url, x_default


def sitemap_entries(request=None):
    pages = (
        Page.objects.live().public().filter(depth__gt=1).select_related("locale").order_by("path")
    )
    entries = []
    by_key = defaultdict(list)
    for page in pages:
        url = page.get_url(request)
        if not url:
            continue
        entry = {
            "location": absolute_url(url, request),
            "language": page.locale.language_code,
            "lastmod": page.last_published_at,
            "translation_key": page.translation_key,
        }
        entries.append(entry)
        by_key[page.translation_key].append(entry)
    order = {code: index for index, (code, _name) in enumerate(settings.LANGUAGES)}
    for entry in entries:
        alternates = by_key[entry["translation_key"]]
        entry["alternates"] = sorted(alternates, key=lambda e: e["language"])
        # In LANGUAGES order, as the head's alternates are, so both name the same default.
        entry["x_default"] = x_default(
            sorted(alternates, key=lambda e: order.get(e["language"], len(order)))
        )
    return entries


@require_GET
def sitemap(request):
    xml = render_to_string("core/sitemap.xml", {"entries": sitemap_entries(request)})
    return HttpResponse(xml, content_type="application/xml; charset=utf-8")
