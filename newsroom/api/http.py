"""HTTP behaviour shared by every API URL: CORS, rate limit, validators and caching.

Applied around each view in newsroom/api/urls.py, so it covers the schema, the docs and
the JSON 404 too, without a site-wide middleware.
"""

import hashlib
from functools import wraps

from django.conf import settings
from django.http import HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date, quote_etag

from newsroom.core import throttle
from newsroom.core.unavailable import DATABASE_UNAVAILABLE

from . import responses
from .errors import database_unavailable, error_response

ALLOWED_METHODS = "GET, HEAD, OPTIONS"


def cors(response):
    response["Access-Control-Allow-Origin"] = "*"
    # Beyond the CORS-safelisted ones, scripts may read these.
    response["Access-Control-Expose-Headers"] = "ETag, Retry-After"
    return response


def preflight(request):
    response = HttpResponse(status=204)
    response["Access-Control-Allow-Methods"] = ALLOWED_METHODS
    requested = request.headers.get("Access-Control-Request-Headers")
    if requested:
        response["Access-Control-Allow-Headers"] = requested
    response["Access-Control-Max-Age"] = "86400"
    response["Allow"] = ALLOWED_METHODS
    return response


def too_many_requests(wait):
    response = error_response(
        429,
        "rate_limited",
        f"Too many requests from this address; retry in {wait} seconds. At most "
        f"{settings.NEWSROOM_API_RATE_LIMIT} requests every "
        f"{settings.NEWSROOM_API_RATE_PERIOD} seconds are allowed.",
    )
    response["Retry-After"] = str(wait)
    return response


def with_validators(request, response):
    """ETag (a hash of the body), Last-Modified (if the view set one) and a 304 when the
    client's copy is current; only successful responses may be stored by caches."""
    if response.status_code != 200:
        patch_cache_control(response, no_store=True)
        return response
    etag = quote_etag(hashlib.blake2b(response.content, digest_size=16).hexdigest())
    response["ETag"] = etag
    modified = getattr(request, "api_last_modified", None)
    timestamp = int(modified.timestamp()) if modified else None
    if timestamp is not None:
        response["Last-Modified"] = http_date(timestamp)
    patch_cache_control(response, public=True, max_age=settings.NEWSROOM_API_CACHE_SECONDS)
    return get_conditional_response(request, etag=etag, last_modified=timestamp, response=response)


def api_view(view, cache=False):
    """``cache``: the view answers from published content, so its responses may be reused
    until that content changes (newsroom.api.responses)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        # On a 404, LocaleMiddleware and CommonMiddleware redirect to /en/… or …/ when the
        # site's URLconf could serve that; both ask request.urlconf, and the API's own has no
        # such fallback, so API errors stay JSON.
        request.urlconf = "newsroom.api.urls"
        if request.method == "OPTIONS":
            return cors(preflight(request))
        if request.method not in ("GET", "HEAD"):
            response = error_response(405, "method_not_allowed", "The API is read-only.")
            response["Allow"] = ALLOWED_METHODS
            return cors(response)
        rate = (settings.NEWSROOM_API_RATE_LIMIT, settings.NEWSROOM_API_RATE_PERIOD)
        wait = throttle.hit(request, "api-rate", rate)
        if wait is not None:
            return cors(too_many_requests(wait))
        if request.method == "HEAD":
            # The operations are declared for GET; the server drops the body of a HEAD reply,
            # so its headers are exactly GET's.
            request.method = "GET"
        try:
            key = responses.key_for(request) if cache else None
            response = responses.cached(key, request)
            if response is None:
                response = view(request, *args, **kwargs)
                responses.store(key, request, response)
        except DATABASE_UNAVAILABLE as exc:  # the response's key asks the database too
            return cors(database_unavailable(request, exc))
        return cors(with_validators(request, response))

    return wrapped
