"""Serving feeds and calendars from the artefact store, and the human "Feeds" page.

A feed request reads one file: no page, no query. Only when the artefact is missing (a fresh
install, or a feed nobody has asked for yet) is it built, once, and stored.

Behind nginx (site/nginx/newsroom.conf.template) these views answer only what nginx does not
find in FEEDS_ROOT on its own disk: a missing artefact, one kept in other storage, an unknown
name. nginx sends the others itself with the same headers (its ETag is ``Artefact.etag``), so
a reader sees one feed whichever of the two answers.
"""

import threading
import time

from django.conf import settings
from django.http import Http404, HttpResponse, HttpResponseNotModified
from django.shortcuts import render
from django.urls import translate_url
from django.utils.http import parse_etags, parse_http_date_safe
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from newsroom.content.models import Topic
from newsroom.core.caching import micro_cache_settings
from newsroom.core.sections import keys as section_keys
from newsroom.core.seo import absolute_url
from newsroom.events.models import EventPage

from .building import rebuild
from .catalogue import CONTENT_TYPES, FORMAT_NAMES, FORMATS, LINK_TYPES, FeedKey, label
from .store import get_store

_first_builds = threading.Lock()


def not_modified(request, artefact):
    """RFC 9110: If-None-Match wins over If-Modified-Since."""
    if_none_match = request.headers.get("If-None-Match")
    if if_none_match is not None:
        tags = parse_etags(if_none_match)  # weak comparison, as for GET
        return "*" in tags or artefact.etag in tags or f"W/{artefact.etag}" in tags
    since = parse_http_date_safe(request.headers.get("If-Modified-Since", ""))
    return since is not None and artefact.last_modified <= since


def may_exist(key):
    """A cheap check before building a missing artefact, so unknown names cost one query."""
    if key.kind == "topic":
        return Topic.objects.filter(slug=key.name, locale__language_code=key.language).exists()
    if key.kind == "event":
        return (
            EventPage.objects.live()
            .filter(translation_key=key.name, locale__language_code=key.language)
            .exists()
        )
    return True


def serve_key(request, key, fmt, filename=None):
    store = get_store()
    relpath = key.relpath(fmt)
    artefact = store.open(relpath)
    if artefact is None and may_exist(key):
        with _first_builds:  # one build per process; the store's lock covers other processes
            artefact = store.open(relpath)
            if artefact is None:
                rebuild({str(key)}, store)
                artefact = store.open(relpath)
    if artefact is None:
        raise Http404("No such feed")
    if not_modified(request, artefact):
        response = HttpResponseNotModified()
    else:
        response = HttpResponse(artefact.body, content_type=CONTENT_TYPES[fmt])
        if filename:
            response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["ETag"] = artefact.etag
    response["Last-Modified"] = artefact.last_modified_http
    response["Cache-Control"] = f"public, max-age={settings.FEEDS_CACHE_SECONDS}"
    # nginx's micro-cache keeps it as briefly as a page: until the end of the current second
    # (nginx counts whole seconds, so a relative "1" meant up to 2), so a burst of feed
    # readers costs Django one read a second and a rebuild shows within a second. Readers
    # never see this header; browsers and aggregators follow Cache-Control.
    seconds = micro_cache_settings()["seconds"]
    response["X-Accel-Expires"] = f"@{int(time.time()) + seconds - 1}"
    if settings.WEBSUB_HUB_URL and fmt in FORMATS:
        response["Link"] = f'<{settings.WEBSUB_HUB_URL}>; rel="hub", <{key.url(fmt)}>; rel="self"'
    return response


def current_language():
    language = get_language()
    if language not in dict(settings.LANGUAGES):
        raise Http404("No such language")
    return language


@require_safe
def feed(request, name, fmt):
    kind = "all" if name == "all" else "section"
    return serve_key(request, FeedKey(current_language(), kind, name), fmt)


@require_safe
def topic_feed(request, slug, fmt):
    return serve_key(request, FeedKey(current_language(), "topic", slug), fmt)


@require_safe
def calendar(request):
    return serve_key(request, FeedKey(current_language(), "calendar", "events"), "ics")


@require_safe
def event_calendar(request, key):
    feed_key = FeedKey(current_language(), "event", str(key))
    return serve_key(request, feed_key, "ics", filename=f"{key}.ics")


def feed_links(key, request=None):
    return [
        {
            "format": fmt,
            "name": FORMAT_NAMES[fmt],
            "type": LINK_TYPES[fmt],
            "url": absolute_url(key.path(fmt), request),
        }
        for fmt in key.formats
    ]


@require_safe
def index(request):
    """Every feed of the active language, for people choosing what to follow."""
    language = current_language()
    rows = [
        {"label": label(name), "links": feed_links(FeedKey(language, kind, name))}
        for kind, name in [("all", "all"), *[("section", section) for section in section_keys()]]
    ]
    topics = [
        {"label": topic.name, "links": feed_links(FeedKey(language, "topic", topic.slug))}
        for topic in Topic.objects.filter(locale__language_code=language).order_by("name")
    ]
    calendar_key = FeedKey(language, "calendar", "events")
    calendar_url = calendar_key.url()  # feed addresses are SITE_URL-based, as in the feeds
    alternates = [
        {
            "language": code,
            "name": name,
            "url": translate_url(request.path, code),
            "absolute_url": absolute_url(translate_url(request.path, code), request),
            "title": "",
            "is_current": code == language,
        }
        for code, name in settings.LANGUAGES
    ]
    return render(
        request,
        "feeds/feeds_page.html",
        {
            "feeds": rows,
            "topics": topics,
            "calendar_url": calendar_url,
            "webcal_url": "webcal://" + calendar_url.split("://", 1)[-1],
            "alternates": alternates,
            "canonical_path": request.path,
        },
    )
