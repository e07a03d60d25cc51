"""A server-side cache of successful API responses, in the Django cache.

An answer is a function of the published content, the URL and SITE_URL. The content version
(newsroom.core.content_version) is part of the key, so a publish, unpublish or privacy change
makes every older entry unreachable at once. Time alone changes some answers too (events end,
pages expire), so entries live no longer than browsers and shared caches may keep the same
response anyway (NEWSROOM_API_CACHE_SECONDS).
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse

from newsroom.core import content_version


def key_for(request):
    if not settings.NEWSROOM_API_CACHE_SECONDS:
        return None
    address = f"{settings.SITE_URL}{request.get_full_path()}"
    digest = hashlib.blake2b(address.encode(), digest_size=16).hexdigest()
    return content_version.key("api-response", [digest])


def cached(key, request):
    """The stored response for ``key``, or None; restores its Last-Modified on the request."""
    entry = cache.get(key) if key else None
    if entry is None:
        return None
    content, content_type, request.api_last_modified = entry
    return HttpResponse(content, content_type=content_type)


def store(key, request, response):
    if key and response.status_code == 200 and hasattr(request, "api_last_modified"):
        entry = (response.content, response["Content-Type"], request.api_last_modified)
        cache.set(key, entry, timeout=settings.NEWSROOM_API_CACHE_SECONDS)
