"""Language alternates, canonical URLs and structured data for public pages."""

import json

from django.conf import settings
from django.db import connection
from django.urls import translate_url
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import get_language
from wagtail.models import Locale, Page, Site

from newsroom.core import content_version
from newsroom.core.i18n import neutralise_bidi
from newsroom.core.organisation import profile_for
from newsroom.core.visibility import is_public, restricted_paths


def absolute_url(path, request=None):
    if path.startswith(("https://", "http://")):  # a file on a remote storage, say
        return path
    if request is not None:
        return request.build_absolute_uri(path)
    return settings.SITE_URL + path


DESCRIPTION_LENGTH = 300


def meta_description(page, organisation):
    """What search engines and link previews show under the title: the page's search
    description, subtitle or introduction, else the organisation's short description, cut to
    DESCRIPTION_LENGTH characters (before escaping, so an entity is never cut in two)."""
    for text in (
        getattr(page, "search_description", ""),
        getattr(page, "subtitle", ""),
        getattr(page, "introduction", ""),
        organisation.short_description,
    ):
        if text:
            if len(text) > DESCRIPTION_LENGTH:
                return Truncator(text).chars(DESCRIPTION_LENGTH)
            return text
    return ""


# schema.org types that link previews call an article (og:type); everything else is a website.
ARTICLE_TYPES = frozenset({"NewsArticle", "Report"})


def open_graph(page):
    """What link previews read of ``page`` besides its title and description: its Open Graph
    type and the image to show (None for none). Asked in Python, not by the template: a page
    type without the attribute (a home or section page) made Django's template engine list
    every attribute of the page to tell a missing one from a failing property, 0.17 ms each."""
    schema_type = getattr(page, "schema_type", None)
    return {
        "type": "article" if schema_type in ARTICLE_TYPES else "website",
        "image": getattr(page, "listing_image", None),
    }


def page_alternates(page, request=None):
    """Every live, public translation of ``page`` (itself included), in LANGUAGES order.

    This single list feeds the hreflang links, the language switcher and the
    "Available in" line, so they can never disagree. The versions of a page share it
    through the fragment cache: a crawler reading one language reads the others next.
    """
    site = Site.find_for_request(request) if request is not None else None
    translations = content_version.fragment(
        "translations",
        [page.translation_key, site.pk if site else ""],
        lambda: _live_translations(page, request),
    )
    names = dict(settings.LANGUAGES)
    return [
        _alternate(language, names.get(language, ""), url, title, pk == page.pk, request)
        for language, url, title, pk in translations
    ]


def _live_translations(page, request):
    """(language, URL, title, pk) of each live, public page sharing ``page``'s translation key.

    Plain SQL: every page a crawler reads for the first time asks, and the ORM took longer to
    compile the query than the database took to answer it. The other pages are read as far as
    their URL needs (the tree path and the URL path); ``page`` itself is at hand, its URL
    remembered for the rest of the page (``newsroom.core.remembered_urls``)."""
    translation_key = page.translation_key
    quote = connection.ops.quote_name
    pages, locales = Page._meta.db_table, Locale._meta.db_table
    sql = (
        f"SELECT p.id, p.url_path, p.path, p.title, l.language_code "
        f"FROM {quote(pages)} p INNER JOIN {quote(locales)} l ON l.id = p.locale_id "
        f"WHERE p.translation_key = %s AND p.live"
    )
    key = Page._meta.get_field("translation_key").get_db_prep_value(translation_key, connection)
    with connection.cursor() as cursor:
        cursor.execute(sql, [key])
        rows = cursor.fetchall()
    restricted = restricted_paths()
    by_language = {}
    for pk, url_path, path, title, language in rows:
        # from_db takes the values in the order of the model's fields.
        translation = (
            page
            if pk == page.pk and url_path == page.url_path
            else Page.from_db(connection.alias, ["id", "path", "url_path"], [pk, path, url_path])
        )
        url = translation.get_url(request) if is_public(translation, restricted) else None
        if url:
            by_language[language] = (language, url, title, pk)
    return [by_language[code] for code, _name in settings.LANGUAGES if code in by_language]


def language_alternates(request, with_query=True):
    """Every language of a page that is not a Wagtail page but exists in each language at the
    same URL (translated by the URL patterns): the search page, the newsletter's pages.
    ``with_query``: the query string belongs to the page (the search words)."""
    path = request.get_full_path() if with_query else request.path
    return [
        _alternate(code, name, translate_url(path, code), "", code == get_language(), request)
        for code, name in settings.LANGUAGES
    ]


def _alternate(language, name, url, title, is_current, request):
    """One language version, as the hreflang links, the switcher and "Available in" read it."""
    return {
        "language": language,
        "name": name,
        "url": url,
        "absolute_url": absolute_url(url, request),
        "title": title,
        "is_current": is_current,
    }


def x_default(alternates):
    for alternate in alternates:
        if alternate["language"] == settings.LANGUAGE_CODE:
            return alternate
    return alternates[0] if alternates else None


def _image_url(image, request):
    if image is None:
        return None
    return absolute_url(image.get_rendition("fill-1200x630").url, request)


def _organisation(name):
    return {"@type": "Organization", "name": name}


def publisher(language, request=None):
    """The site's organisation (``newsroom.core.organisation``), with its logo and website."""
    profile = profile_for(language)
    data = _organisation(profile.name)
    website = dict(profile.links).get("website_url")
    if website:
        data["url"] = website
    if profile.logo:
        data["logo"] = absolute_url(profile.logo.url, request)
    return data


def structured_data(page, request=None):
    """schema.org JSON-LD for articles and events."""
    page = page.specific
    schema_type = getattr(page, "schema_type", None)
    if schema_type is None:
        return {}
    url = absolute_url(page.get_url(request), request)
    data = {
        "@context": "https://schema.org",
        "@type": schema_type,
        "url": url,
        "inLanguage": page.locale.language_code,
        "description": page.subtitle or page.search_description or "",
    }
    image = _image_url(getattr(page, "listing_image", None), request)
    if image:
        data["image"] = [image]
    if schema_type == "Event":
        event = page if hasattr(page, "start") else page.event
        data.update(
            {
                "name": neutralise_bidi(page.title),
                "startDate": event.local_start.isoformat(),
                "endDate": event.local_end.isoformat(),
                "eventStatus": "https://schema.org/EventCancelled"
                if event.cancelled
                else "https://schema.org/EventScheduled",
            }
        )
        locations = []
        if event.venue_name:
            locations.append(
                {"@type": "Place", "name": event.venue_name, "address": event.venue_address}
            )
        if event.online_url:
            locations.append({"@type": "VirtualLocation", "url": event.online_url})
        data["location"] = locations[0] if len(locations) == 1 else locations
        data["eventAttendanceMode"] = (
            "https://schema.org/MixedEventAttendanceMode"
            if len(locations) > 1
            else "https://schema.org/OnlineEventAttendanceMode"
            if event.online_url
            else "https://schema.org/OfflineEventAttendanceMode"
        )
        organisers = [org.name for org in event.localized_organisers]
        if organisers:
            data["organizer"] = [_organisation(name) for name in organisers]
    else:
        data.update(
            {
                # Search engines show it beside other text: no bidi controls (i18n).
                "headline": neutralise_bidi(page.title)[:110],
                "datePublished": page.publication_date.isoformat(),
                "mainEntityOfPage": url,
            }
        )
        if page.last_published_at:
            data["dateModified"] = page.last_published_at.isoformat()
        issuer = getattr(page, "localized_issuer", None)
        data["publisher"] = publisher(page.locale.language_code, request)
        data["author"] = [_organisation(issuer.name) if issuer else data["publisher"]]
    return data


def json_ld_script(data):
    if not data:
        return ""
    # Escape <, > and & so text in the data can never close the script element.
    payload = (
        json.dumps(data, ensure_ascii=False)
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
    )
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(payload))
