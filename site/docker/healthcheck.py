"""Health check of the web container: GET /healthz from inside, the way nginx asks.

docker-compose.yml runs `python site/docker/healthcheck.py`; exit status 0 means healthy.
The request carries a Host from ALLOWED_HOSTS (Django rejects any other) and, when SITE_URL
is https, X-Forwarded-Proto: https (so SECURE_SSL_REDIRECT does not answer with a redirect).
Standard library only; not a module of the project (site/ is not a Python package).
"""

import json
import os
import sys
import urllib.error
import urllib.request


def target():
    bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
    port = bind.rsplit(":", 1)[-1] if ":" in bind else "8000"
    return f"http://127.0.0.1:{port}/healthz"


def host_header():
    for host in os.environ.get("ALLOWED_HOSTS", "").split(","):
        host = host.strip().lstrip(".")
        if host and host != "*":
            return host
    return "localhost"


def degraded_only(body):
    """True when the only service down is Redis (the cache and the broker)."""
    try:
        return json.loads(body).get("down") == ["redis"]
    except (ValueError, AttributeError):
        return False


def main():
    headers = {"Host": host_header(), "User-Agent": "newsroom-healthcheck"}
    if os.environ.get("SITE_URL", "").startswith("https://"):
        headers["X-Forwarded-Proto"] = "https"
    request = urllib.request.Request(target(), headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            print(response.read().decode("utf-8", "replace"))
            return 0
    except urllib.error.HTTPError as exc:
        body = exc.read().decode("utf-8", "replace")
        print(f"{exc.code}: {body}", file=sys.stderr)
        if degraded_only(body):
            # Redis down: readers are served from the database, so restarting this
            # container would only make things worse.
            return 0
    except OSError as exc:
        print(f"unreachable: {exc}", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
