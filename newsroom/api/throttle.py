"""Anonymous rate limit per client address, counted in the Django cache (shared through
Redis in production), in fixed windows of NEWSROOM_API_RATE_PERIOD seconds."""

import hashlib
import math
import time

from django.conf import settings
from django.core.cache import cache


def client_address(request):
    # nginx (site/nginx) overwrites X-Real-IP with the peer it sees and is the only way to the
    # app server, so the header cannot be forged from outside; without nginx it is absent.
    return request.META.get("HTTP_X_REAL_IP") or request.META.get("REMOTE_ADDR", "")


def retry_after(request):
    """Seconds the client must wait, or None if this request is within the limit."""
    limit = settings.NEWSROOM_API_RATE_LIMIT
    period = settings.NEWSROOM_API_RATE_PERIOD
    if not limit:
        return None
    now = time.time()
    window = int(now // period)
    address = hashlib.sha256(client_address(request).encode()).hexdigest()[:32]
    key = f"api-rate:{address}:{window}"
    # add + incr are atomic in Redis and in the local-memory cache; a read-modify-write
    # would let concurrent requests slip through.
    cache.add(key, 0, timeout=period + 1)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=period + 1)
        count = 1
    # None: the cache (Redis) is unreachable; the API stays open rather than refuse everyone.
    if count is None or count <= limit:
        return None
    return max(1, math.ceil((window + 1) * period - now))
