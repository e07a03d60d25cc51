"""nginx believes X-Forwarded-For and X-Forwarded-Proto only from NEWSROOM_TRUSTED_PROXIES:
Debian's nginx with the rendered site config, in front of a small upstream that echoes the
headers it receives."""

import json
import subprocess
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.support.http import fetch
from tests.support.nginx import nginx_arguments, render, require_nginx
from tests.support.paths import SITE
from tests.support.services import free_port


class Echo(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 - http.server's name
        body = json.dumps({name.lower(): value for name, value in self.headers.items()}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Cache-Control", "no-store")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def upstream():
    server = ThreadingHTTPServer(("127.0.0.1", free_port()), Echo)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


def start_nginx(prefix, upstream_port, trusted):
    nginx = require_nginx()
    for sub in ("logs", "tmp", "conf.d", "static", "media", "cache"):
        (prefix / sub).mkdir(parents=True, exist_ok=True)
    port = free_port()
    render(
        SITE / "nginx" / "nginx.conf.template", prefix / "nginx.conf", NEWSROOM_NGINX_PREFIX=prefix
    )
    proxies = [entry.strip() for entry in trusted.split(",")]
    render(
        SITE / "nginx" / "newsroom.conf.template",
        prefix / "conf.d" / "newsroom.conf",
        NEWSROOM_LISTEN=f"127.0.0.1:{port}",
        NEWSROOM_UPSTREAM=f"127.0.0.1:{upstream_port}",
        NEWSROOM_STATIC_ROOT=prefix / "static",
        NEWSROOM_MEDIA_ROOT=prefix / "media",
        NEWSROOM_FEEDS_ROOT=prefix / "feeds",
        NEWSROOM_CACHE_PATH=prefix / "cache",
        NEWSROOM_REAL_IP_FROM=" ".join(f"set_real_ip_from {p};" for p in proxies),
        NEWSROOM_TRUSTED_PROXY_GEO=" ".join(f"{p} 1;" for p in proxies),
    )
    process = subprocess.Popen(
        [str(nginx), *nginx_arguments(prefix)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            fetch(base + "/healthz")
            return process, base
        except OSError:
            if process.poll() is not None:
                pytest.fail(process.stderr.read().decode())
            threading.Event().wait(0.05)
    process.kill()
    pytest.fail("nginx did not start")


@pytest.fixture
def nginx_with(tmp_path, upstream):
    started = []

    def start(trusted):
        process, base = start_nginx(tmp_path / f"nginx{len(started)}", upstream, trusted)
        started.append(process)
        return base

    yield start
    for process in started:
        process.terminate()
        process.wait(timeout=10)


def echoed(base, **headers):
    status, _headers, body = fetch(base + "/api/v1/echo", headers=headers)
    assert status == 200
    return json.loads(body)


def test_a_client_cannot_claim_an_address_or_https(nginx_with):
    # This test's requests come from 127.0.0.1: with only a CDN's network trusted, that is an
    # untrusted client, like any reader reaching nginx directly.
    base = nginx_with("198.51.100.0/24")
    seen = echoed(base, **{"X-Forwarded-For": "192.0.2.1", "X-Forwarded-Proto": "https"})
    assert seen["x-real-ip"] == "127.0.0.1"
    assert seen["x-forwarded-for"].split(", ")[-1] == "127.0.0.1"
    assert seen["x-forwarded-proto"] == "http"


def test_a_trusted_proxy_passes_the_client_address_and_scheme(nginx_with):
    base = nginx_with("127.0.0.0/8, ::1")
    seen = echoed(
        base, **{"X-Forwarded-For": "192.0.2.1, 203.0.113.5", "X-Forwarded-Proto": "https"}
    )
    # The right-most address not of a trusted proxy; what the client wrote before it is kept
    # for the record but the app, like nginx, reads from the right.
    assert seen["x-real-ip"] == "203.0.113.5"
    assert seen["x-forwarded-for"].split(", ")[-1] == "203.0.113.5"
    assert seen["x-forwarded-proto"] == "https"
    assert echoed(base)["x-forwarded-proto"] == "http"
