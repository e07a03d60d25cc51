"""/sitemap.xml: every live public page of every language with its translations, and behind it
one sitemap per language and section, each cached until the content changes; robots.txt
points crawlers at /sitemap.xml.

/sitemap.xml is one document while the site fits the protocol's 50,000 URLs (``MAX_URLS``),
joined from the sitemaps' cached parts, and becomes their index beyond that. The index is
always at /sitemaps/index.xml.

Every live public page is in exactly one sitemap: ``/sitemaps/<language>/<group>-<n>.xml``,
where the group is the page's section (``core.sections``: its index page and the pages it
publishes) or ``pages`` for the rest (the home pages and anything outside a section), and
``n`` counts from 1 in steps of ``URLS_PER_SITEMAP`` pages in tree order (far below the
protocol's 50,000 URLs and 50 MB). Each page lists its live public translations, with the
same ``x-default`` as the page's own head (``seo.x_default``); a sitemap's ``lastmod`` in the
index is the newest ``last_published_at`` of its pages.

What a sitemap holds depends on which pages are live and public, where they are and when
they were published. A fingerprint of the whole tree (``content_fingerprint``: three aggregate
queries) is checked on every request; when it moves (a publish, an unpublish, a move, a
deletion, a privacy change), the catalogue of every page (``Catalogue``, one query) is read
again, and then only the sitemaps whose entries changed (``Catalogue.digest``) are rebuilt.
So a change is in the next answer (then nginx's micro-cache, about a second) and a miss
costs one sitemap, not the whole site. The cache is Django's (Redis, or each process's own
memory without it: the fingerprint keeps either right).
"""

import hashlib
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC
from xml.sax.saxutils import escape

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db.models import Count, Max, Q
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_safe
from wagtail.models import Page, PageLogEntry, PageViewRestriction

from newsroom.core import sections
from newsroom.core.seo import absolute_url, x_default

URLS_PER_SITEMAP = 10_000
MAX_URLS = 50_000  # the protocol's limit for one sitemap
OTHER_PAGES = "pages"  # the group of pages outside every section (never a section's key)
CONTENT_TYPE = "application/xml; charset=utf-8"
CACHE_PREFIX = "sitemap"
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
URLSET_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    f'<urlset xmlns="{SITEMAP_NS}" xmlns:xhtml="http://www.w3.org/1999/xhtml">\n'
)
URLSET_TAIL = "</urlset>\n"


def content_fingerprint():
    """Changes whenever any sitemap's content may: pages published, unpublished, moved or
    deleted (Wagtail logs each; a deletion also lowers the count), and view restrictions."""
    pages = Page.objects.aggregate(
        live=Count("pk", filter=Q(live=True)), newest=Max("last_published_at"), top=Max("pk")
    )
    logged = PageLogEntry.objects.aggregate(last=Max("pk"))["last"]
    restrictions = PageViewRestriction.objects.aggregate(count=Count("pk"), last=Max("pk"))
    return (
        pages["live"],
        pages["newest"] and pages["newest"].isoformat(),
        pages["top"],
        logged,
        restrictions["count"],
        restrictions["last"],
    )


def group_of(model):
    """The group of a page model: its section's key (index page included), else ``pages``."""
    if model is None:
        return OTHER_PAGES
    for section in sections.all_sections():
        if issubclass(model, (section.index_model, *section.models)):
            return section.key
    return OTHER_PAGES


def group_order():
    return [*sections.keys(), OTHER_PAGES]


def live_pages():
    return Page.objects.live().public().filter(depth__gt=1)


@dataclass
class Catalogue:
    """What every sitemap holds, read in one query: the page ids of each (language, group) in
    tree order, and for each page what its entries depend on."""

    groups: dict  # (language, group) -> [page id, ...]
    pages: dict  # page id -> (language, last_published_at, translation_key, url_path)
    translations: dict  # translation_key -> [page id, ...]

    def sitemap_pages(self, language, group, number):
        """The page ids of one sitemap; None if there is no such sitemap."""
        parts = chunks(self.groups.get((language, group), []))
        return parts[number - 1] if 1 <= number <= len(parts) else None

    def digest(self, page_ids):
        """Changes when an entry of ``page_ids`` would: a page's or a translation's address,
        publication date, or presence."""
        related = set(page_ids)
        for pk in page_ids:
            related.update(self.translations[self.pages[pk][2]])
        state = repr([(pk, self.pages[pk]) for pk in sorted(related)])
        return hashlib.sha256(state.encode()).hexdigest()

    def lastmod(self, page_ids):
        dates = [self.pages[pk][1] for pk in page_ids if self.pages[pk][1] is not None]
        return max(dates, default=None)


def build_catalogue():
    groups, pages, translations, models = defaultdict(list), {}, defaultdict(list), {}
    rows = (
        live_pages()
        .order_by("path")
        .values_list(
            "pk",
            "locale__language_code",
            "content_type_id",
            "last_published_at",
            "translation_key",
            "url_path",
        )
    )
    for pk, language, content_type, published, translation_key, url_path in rows:
        if content_type not in models:
            models[content_type] = ContentType.objects.get_for_id(content_type).model_class()
        groups[(language, group_of(models[content_type]))].append(pk)
        pages[pk] = (language, published, translation_key, url_path)
        translations[translation_key].append(pk)
    return Catalogue(dict(groups), pages, dict(translations))


def chunks(pages):
    size = URLS_PER_SITEMAP
    return [pages[start : start + size] for start in range(0, len(pages), size)]


def cached(key, version, build):
    """``build()``, kept in the cache under ``key`` for as long as ``version`` holds."""
    stored = cache.get(f"{CACHE_PREFIX}:{key}")
    if stored is not None and stored[0] == version:
        return stored[1]
    value = build()
    cache.set(f"{CACHE_PREFIX}:{key}", (version, value), timeout=None)
    return value


def catalogue(fingerprint):
    return cached("catalogue", fingerprint, build_catalogue)


def sitemap_list(fingerprint):
    """Every sitemap, in LANGUAGES and section order: (language, group, number, lastmod)."""
    pages = catalogue(fingerprint)
    listed = []
    for language, _name in settings.LANGUAGES:
        for group in group_order():
            for number, chunk in enumerate(chunks(pages.groups.get((language, group), [])), 1):
                listed.append((language, group, number, pages.lastmod(chunk)))
    return listed


def w3c_datetime(moment):
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def url_element(location, lastmod, alternates, default):
    """One <url>: its address, lastmod, and its translations' addresses with x-default."""
    lines = ["  <url>", f"    <loc>{escape(location)}</loc>"]
    if lastmod is not None:
        lines.append(f"    <lastmod>{w3c_datetime(lastmod)}</lastmod>")
    links = [(alternate["language"], alternate["location"]) for alternate in alternates]
    if default is not None:
        links.append(("x-default", default["location"]))
    lines += [
        f'    <xhtml:link rel="alternate" hreflang="{language}" href="{escape(href)}"/>'
        for language, href in links
    ]
    lines.append("  </url>")
    return "\n".join(lines)


def render_urlset(pages, page_ids, request=None):
    """The sitemap of ``page_ids``: each page with its live public translations (one query
    for them all; the catalogue ``pages`` knows who is whose translation, and in what
    language)."""
    wanted = set(page_ids)
    related = {pk for page in page_ids for pk in pages.translations[pages.pages[page][2]]}
    # Only what Wagtail needs for an address (the URL path, under the site root paths).
    siblings = Page.objects.filter(pk__in=related).only(
        "pk", "url_path", "translation_key", "last_published_at"
    )
    located, translations = {}, defaultdict(list)
    for page in siblings:
        url = page.get_url(request)
        if not url:
            continue
        entry = {"location": absolute_url(url, request), "language": pages.pages[page.pk][0]}
        translations[page.translation_key].append(entry)
        if page.pk in wanted:
            located[page.pk] = (entry["location"], page.last_published_at, page.translation_key)
    order = {code: index for index, (code, _name) in enumerate(settings.LANGUAGES)}
    elements = []
    for pk in page_ids:
        if pk not in located:
            continue
        location, lastmod, translation_key = located[pk]
        # In LANGUAGES order, as the head's alternates are, so both name the same default.
        alternates = sorted(
            translations[translation_key], key=lambda e: order.get(e["language"], len(order))
        )
        by_code = sorted(alternates, key=lambda e: e["language"])
        elements.append(url_element(location, lastmod, by_code, x_default(alternates)))
    return "".join([URLSET_HEAD, *(f"{element}\n" for element in elements), URLSET_TAIL])


def render_index(sitemaps):
    elements = []
    for location, lastmod in sitemaps:
        lines = ["  <sitemap>", f"    <loc>{escape(location)}</loc>"]
        if lastmod is not None:
            lines.append(f"    <lastmod>{w3c_datetime(lastmod)}</lastmod>")
        elements.append("\n".join([*lines, "  </sitemap>"]))
    return "\n".join(
        [
            '<?xml version="1.0" encoding="UTF-8"?>',
            f'<sitemapindex xmlns="{SITEMAP_NS}">',
            *elements,
            "</sitemapindex>",
            "",
        ]
    )


def xml_response(body):
    return HttpResponse(body, content_type=CONTENT_TYPE)


def site_key(request):
    """Addresses are absolute, from the request's scheme and host: one cache entry each."""
    return f"{request.scheme}://{request.get_host()}"


@require_safe
def sitemap_index(request):
    fingerprint = content_fingerprint()

    def build():
        return render_index(
            [
                (
                    absolute_url(
                        reverse(
                            "sitemap-part",
                            kwargs={"language": language, "group": group, "number": number},
                        ),
                        request,
                    ),
                    lastmod,
                )
                for language, group, number, lastmod in sitemap_list(fingerprint)
            ]
        )

    key = f"index:{site_key(request)}:{URLS_PER_SITEMAP}"
    return xml_response(cached(key, fingerprint, build))


@require_safe
def sitemap(request, language, group, number):
    body = part_body(request, content_fingerprint(), language, group, int(number))
    if body is None:
        raise Http404("No such sitemap")
    return xml_response(body)


def part_body(request, fingerprint, language, group, number):
    """The XML of one sitemap (None if there is no such sitemap), rebuilt only when one of
    its entries changed since it was kept."""
    key = f"{CACHE_PREFIX}:{site_key(request)}:{language}/{group}-{number}:{URLS_PER_SITEMAP}"
    stored = cache.get(key)  # (fingerprint, digest, body)
    if stored is not None and stored[0] == fingerprint:
        return stored[2]
    pages = catalogue(fingerprint)
    page_ids = pages.sitemap_pages(language, group, number)
    if page_ids is None:
        return None
    digest = pages.digest(page_ids)
    if stored is not None and stored[1] == digest:
        body = stored[2]
    else:
        body = render_urlset(pages, page_ids, request)
    cache.set(key, (fingerprint, digest, body), timeout=None)
    return body


@require_safe
def sitemap_root(request):
    """/sitemap.xml: every page in one document while they fit in one, else the index."""
    fingerprint = content_fingerprint()
    if len(catalogue(fingerprint).pages) > MAX_URLS:
        return sitemap_index(request)

    def build():
        parts = [
            part_body(request, fingerprint, language, group, number)
            for language, group, number, _lastmod in sitemap_list(fingerprint)
        ]
        entries = [part[len(URLSET_HEAD) : -len(URLSET_TAIL)] for part in parts]
        return "".join([URLSET_HEAD, *entries, URLSET_TAIL])

    key = f"whole:{site_key(request)}:{URLS_PER_SITEMAP}"
    return xml_response(cached(key, fingerprint, build))


@require_safe
def robots_txt(request):
    """Every page may be crawled but the admin; /sitemap.xml says where they are."""
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "",
        f"Sitemap: {absolute_url(reverse('sitemap'), request)}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
