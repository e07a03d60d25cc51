"""Rate limits per client address: the API, the sign-up forms and page passwords.

Counted in the Django cache (shared through Redis in production) in fixed windows: ``rate``
is (requests, seconds). The address is the client's as ``newsroom.core.security.client_ip``
works it out behind the trusted proxies; only a hash of it is kept. A refusal says how long
to wait, for the ``Retry-After`` header every 429 carries.
"""

import hashlib
import math
import time

from django.core.cache import cache

from .security import client_ip


def _key(request, scope, window):
    address = hashlib.sha256(client_ip(request).encode()).hexdigest()[:32]
    return f"{scope}:{address}:{window}"


def _wait(window, period, now):
    return max(1, math.ceil((window + 1) * period - now))


def hit(request, scope, rate):
    """Count this request; the seconds to wait when it is over the limit, else None."""
    limit, period = rate
    if not limit:
        return None
    now = time.time()
    window = int(now // period)
    key = _key(request, scope, window)
    # add + incr are atomic in Redis and in the local-memory cache; a read-modify-write
    # would let concurrent requests slip through.
    cache.add(key, 0, timeout=period + 1)
    try:
        count = cache.incr(key)
    except ValueError:  # expired or evicted between add and incr
        cache.set(key, 1, timeout=period + 1)
        count = 1
    # None: the cache (Redis) is unreachable; let the request through rather than refuse
    # everyone.
    if count is None or count <= limit:
        return None
    return _wait(window, period, now)


def over(request, scope, rate):
    """The seconds to wait if this address is already over the limit (counts nothing)."""
    limit, period = rate
    if not limit:
        return None
    now = time.time()
    window = int(now // period)
    count = cache.get(_key(request, scope, window))
    if count is None or count < limit:
        return None
    return _wait(window, period, now)


def retry_after_header(response, wait):
    """``response`` as a 429 that says when to try again."""
    response.status_code = 429
    response["Retry-After"] = str(wait)
    return response
