"""What nginx's micro-cache (site/nginx/newsroom.conf.template) may keep, decided by Django.

nginx stores a response only when its own headers give it a lifetime; Django's responses
carry none unless this middleware adds one. It marks a response as shareable for one second
when it is the same for every anonymous reader:

- a GET or HEAD, without an ``Authorization`` header or a session, CSRF or messages cookie;
- status 200, 301, 302 or 404, and not a file (streamed, X-Accel-Redirect or
  Content-Disposition: documents are checked for access on every request);
- the view said nothing about caching itself (no ``Cache-Control``, no ``Expires``): views
  that send ``never_cache``/``private``/their own max-age keep their word;
- no cookie set (a ``csrftoken`` or ``sessionid`` in the response means it belongs to one
  reader) and no ``Vary: Cookie`` or ``Vary: *`` (the content depends on a cookie).

The mark is ``Expires: <this second>`` plus
``Cache-Control: public, stale-while-revalidate=W, stale-if-error=E``:

- nginx keeps the response until the end of the current second (``Expires`` is whole seconds,
  so a lifetime of "now" is the shortest there is: under one second);
- the first reader after that waits while nginx fetches a new copy, and readers arriving
  meanwhile get the previous one if it expired at most W seconds ago (1: nginx honours
  ``stale-while-revalidate`` for this), so a burst never piles onto Django, Django renders a
  busy page about once a second whatever the traffic, and no copy is served more than about
  2 s after it was rendered (plus one render time, to readers who arrive while its
  replacement renders);
- nginx keeps every copy for an hour after it was last read (``inactive=1h``) but hands out
  an expired one only while Django fails (5xx, timeout, connection refused: nginx's own
  ``proxy_cache_use_stale`` list, whatever E says). E (an hour) tells any cache in front of
  nginx the same.

Browsers see an expired response (``Expires`` is now) and ask again each time. Requests that
carry a ``sessionid``, ``csrftoken`` or ``messages`` cookie, or ``Authorization``, never use
or fill the cache (nginx's ``proxy_cache_bypass``/``proxy_no_cache``); /admin/, /documents/,
/api/, the newsletter pages and /healthz are not cached by nginx at all. Feeds and calendars
say for themselves how long nginx may keep them (``X-Accel-Expires``, newsroom.feeds.views).
"""

import time

from django.conf import settings
from django.utils.cache import cc_delim_re
from django.utils.http import http_date

CACHEABLE_METHODS = {"GET", "HEAD"}
CACHEABLE_STATUS = {200, 301, 302, 404}


def micro_cache_settings():
    config = {"seconds": 1, "stale_while_revalidate": 1, "stale_if_error": 3600}
    config.update(getattr(settings, "NEWSROOM_MICRO_CACHE", {}) or {})
    return config


def personal_cookies():
    """Cookies that make a request one reader's own (nginx's bypass map lists the same)."""
    return (settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME, "messages")


def is_shareable(request, response):
    """True when ``response`` may be given to every anonymous reader of ``request``'s URL."""
    if request.method not in CACHEABLE_METHODS or "Authorization" in request.headers:
        return False
    if any(name in request.COOKIES for name in personal_cookies()):
        return False  # nginx bypasses these requests too; say so to any other cache as well
    if response.status_code not in CACHEABLE_STATUS or response.streaming:
        return False
    if response.has_header("X-Accel-Redirect") or response.has_header("Content-Disposition"):
        return False  # a file (documents): access is checked per request
    if response.has_header("Cache-Control") or response.has_header("Expires"):
        return False
    if response.cookies:
        return False
    vary = {v.strip().lower() for v in cc_delim_re.split(response.get("Vary", "")) if v.strip()}
    return not vary & {"cookie", "*"}


class MicroCacheMiddleware:
    """Marks shareable responses for nginx's micro-cache (see the module docstring).

    Sits near the top of MIDDLEWARE so it sees the cookies and ``Vary`` that the session, CSRF
    and locale middleware add on the way out.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        config = micro_cache_settings()
        self.enabled = bool(config["seconds"])
        self.seconds = int(config["seconds"])
        self.cache_control = (
            f"public, stale-while-revalidate={int(config['stale_while_revalidate'])}, "
            f"stale-if-error={int(config['stale_if_error'])}"
        )

    def __call__(self, request):
        response = self.get_response(request)
        if self.enabled and is_shareable(request, response):
            # Whole seconds: "now" (seconds=1) lives until this second ends, N until N-1 more.
            response["Expires"] = http_date(int(time.time()) + self.seconds - 1)
            response["Cache-Control"] = self.cache_control
        return response
