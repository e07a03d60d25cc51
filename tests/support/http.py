"""HTTP from a test to a server it started (nginx, gunicorn): answers as they are, redirects
and errors included."""

import time
import urllib.error
import urllib.request
from urllib.parse import urlencode

import pytest


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def fetch(url, headers=None, method="GET", data=None):
    """(status, headers, body) without following redirects or raising on 4xx/5xx."""
    opener = urllib.request.build_opener(NoRedirect)
    request = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with opener.open(request, timeout=15) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers, exc.read()


def post(url, data):
    """(status, headers, body) of a form POST, without following the redirect."""
    return fetch(
        url,
        {"Content-Type": "application/x-www-form-urlencoded"},
        method="POST",
        data=urlencode(data, doseq=True).encode(),
    )


def cache_status(headers):
    """What nginx's micro-cache did with the answer (HIT, MISS, STALE…), None if uncached."""
    return headers.get("X-Cache-Status")


def read_until_cached(url, timeout=5, interval=0.05):
    """Read ``url`` until nginx answers it from its cache; every answer on the way must be a
    200. Returns the answers read, the cached one last."""
    seen = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        seen.append(fetch(url))
        status, headers, _body = seen[-1]
        assert status == 200, (url, status)
        if cache_status(headers) == "HIT":
            return seen
        time.sleep(interval)
    pytest.fail(f"{url} never came from the cache: {[cache_status(h) for _s, h, _b in seen]}")
