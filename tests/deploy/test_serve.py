"""`make serve` (site/serve.sh): nginx in front of gunicorn with production settings."""

import json
import os
import signal
import urllib.request
from pathlib import Path

import pytest

from tests.support.http import fetch
from tests.support.serve_stack import serve_stack

BROTLI_MODULE = Path("/usr/lib/nginx/modules/ngx_http_brotli_filter_module.so")


@pytest.fixture
def served(tmp_path):
    with serve_stack(tmp_path) as stack:
        yield stack


def test_serve_runs_nginx_in_front_of_gunicorn_and_stops(served):
    base = served["base"]

    status, headers, _ = fetch(f"{base}/", {"Accept-Language": "ar"})
    assert status == 302
    assert headers["Location"].endswith("/ar/")
    assert headers["Server"] == "nginx"

    status, headers, body = fetch(f"{base}/healthz")
    assert status == 200, body
    assert json.loads(body)["status"] == "ok"
    assert "no-store" in headers["Cache-Control"]

    # Static files come from nginx, hashed names cached for good.
    manifest = json.loads((served["static"] / "staticfiles.json").read_text())
    original, hashed = next(
        (name, hashed) for name, hashed in manifest["paths"].items() if name.endswith(".css")
    )
    status, headers, _ = fetch(f"{base}/static/{hashed}", {"Accept-Encoding": "gzip"})
    assert status == 200
    assert "immutable" in headers["Cache-Control"]
    assert headers["Content-Encoding"] == "gzip"
    status, headers, _ = fetch(f"{base}/static/{original}")
    assert status == 200
    assert "immutable" not in headers["Cache-Control"]
    # Brotli when Debian's module is installed (.ci/run installs it; optional on a laptop).
    if BROTLI_MODULE.exists() or os.environ.get("CI"):
        status, headers, _ = fetch(f"{base}/static/{hashed}", {"Accept-Encoding": "br, gzip"})
        assert headers["Content-Encoding"] == "br"

    # Uploads are served with headers that stop a browser from running them.
    media = served["var"] / "media" / "images"
    media.mkdir(parents=True, exist_ok=True)
    (media / "upload.html").write_text("<script>alert(1)</script>")
    status, headers, _ = fetch(f"{base}/media/images/upload.html")
    assert status == 200
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in headers["Content-Security-Policy"]
    # Renditions never change under their name; other uploads may be replaced.
    assert headers["Cache-Control"] == "public, max-age=31536000, immutable"
    originals = served["var"] / "media" / "original_images"
    originals.mkdir(parents=True, exist_ok=True)
    (originals / "photo.jpg").write_bytes(b"\xff\xd8\xff")
    status, headers, _ = fetch(f"{base}/media/original_images/photo.jpg")
    assert (status, headers["Cache-Control"]) == (200, "public, max-age=604800")
    assert "sandbox" in headers["Content-Security-Policy"]
    assert fetch(f"{base}/media/documents/secret.pdf")[0] == 404

    # SIGTERM (or Ctrl-C) stops both servers.
    process = served["process"]
    run = served["var"] / "run"
    assert (run / "gunicorn.pid").exists()
    os.kill(process.pid, signal.SIGTERM)
    assert process.wait(timeout=60) != 0
    output = served["output"]()
    assert "stopping" in output
    assert "Shutting down: Master" in output  # gunicorn went down with it
    assert not (run / "gunicorn.pid").exists()
    with pytest.raises(OSError):
        urllib.request.urlopen(f"{served['base']}/healthz", timeout=2)
