"""/sitemap.xml: every live public page of both languages, with hreflang alternates."""

from collections import defaultdict

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.views.decorators.http import require_GET
from wagtail.models import Page

from newsroom.core.seo import absolute_url


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
    for entry in entries:
        entry["alternates"] = sorted(by_key[entry["translation_key"]], key=lambda e: e["language"])
    return entries


@require_GET
def sitemap(request):
    xml = render_to_string("core/sitemap.xml", {"entries": sitemap_entries(request)})
    return HttpResponse(xml, content_type="application/xml; charset=utf-8")
