"""HTTP from a test to a server it started (nginx, gunicorn): answers as they are, redirects
and errors included."""

import time
import urllib.error
import urllib.request
from urllib.parse import urlencode


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


def read_until(url, predicate, timeout, interval=0.05):
    """Read ``url`` until ``predicate(status, headers, body)`` or ``timeout`` seconds; the
    answers read, in order."""
    deadline = time.monotonic() + timeout
    seen = [fetch(url)]
    while not predicate(*seen[-1]) and time.monotonic() < deadline:
        time.sleep(interval)
        seen.append(fetch(url))
    return seen


def read_until_cached(url, timeout=5):
    """Read ``url`` until nginx answers it from its micro-cache, every answer a 200; the
    answers read, the cached one last."""
    seen = read_until(url, lambda _status, headers, _body: cache_status(headers) == "HIT", timeout)
    assert {status for status, _headers, _body in seen} == {200}, (url, seen[-1][:2])
    statuses = [cache_status(headers) for _status, headers, _body in seen]
    assert statuses[-1] == "HIT", f"{url} never came from the cache: {statuses}"
    return seen
