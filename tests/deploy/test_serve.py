"""`make serve` (site/serve.sh): nginx in front of gunicorn with production settings."""

import json
import os
import signal
import subprocess
import time
import urllib.error
import urllib.request

import pytest

from tests.deploy.support import ROOT, free_port, require_nginx, venv_tool

STARTUP_TIMEOUT = 180  # collectstatic + migrate of a fresh SQLite database, then the servers


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def fetch(url, headers=None):
    """(status, headers, body) without following redirects or raising on 4xx/5xx."""
    opener = urllib.request.build_opener(NoRedirect)
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with opener.open(request, timeout=10) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers, exc.read()


@pytest.fixture
def served(tmp_path):
    nginx = require_nginx()
    port = free_port()
    var = tmp_path / "var"
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DJANGO_SETTINGS_MODULE", "SECRET_KEY", "REDIS_URL", "DEBUG"}
    }
    env.update(
        PORT=str(port),
        NGINX=str(nginx),
        VENV_BIN=str(venv_tool("python").parent),
        NEWSROOM_VAR_DIR=str(var),
        DATABASE_URL=f"sqlite:///{var / 'serve.sqlite3'}",
        STATIC_ROOT=str(tmp_path / "static"),
        GUNICORN_WORKERS="2",
    )
    log = open(tmp_path / "serve.log", "w+b")  # noqa: SIM115 - closed in the finally below
    process = subprocess.Popen(
        ["bash", str(ROOT / "site" / "serve.sh")],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )

    def output():
        log.flush()
        return (tmp_path / "serve.log").read_text(errors="replace")

    try:
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while "Ctrl-C stops" not in output():
            if process.poll() is not None:
                pytest.fail(f"site/serve.sh exited with {process.returncode}:\n{output()}")
            if time.monotonic() > deadline:
                pytest.fail(f"site/serve.sh did not start in {STARTUP_TIMEOUT} s:\n{output()}")
            time.sleep(0.5)
        yield {
            "base": f"http://127.0.0.1:{port}",
            "process": process,
            "output": output,
            "var": var,
            "static": tmp_path / "static",
        }
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        log.close()


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

    # Uploads are served with headers that stop a browser from running them.
    media = served["var"] / "media" / "images"
    media.mkdir(parents=True, exist_ok=True)
    (media / "upload.html").write_text("<script>alert(1)</script>")
    status, headers, _ = fetch(f"{base}/media/images/upload.html")
    assert status == 200
    assert headers["X-Content-Type-Options"] == "nosniff"
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
