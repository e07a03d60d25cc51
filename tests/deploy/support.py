"""Helpers shared by the deployment tests (not a test module)."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SITE = ROOT / "site"
NGINX = Path("/usr/sbin/nginx")
RENDER = SITE / "nginx" / "render.py"


def require_nginx():
    """Debian's nginx: a failure in CI (which installs it), a skip on a laptop without it."""
    if NGINX.exists() and os.access(NGINX, os.X_OK):
        return NGINX
    message = f"{NGINX} is missing: apt-get install -y nginx"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def venv_tool(name):
    """A console script installed beside the running interpreter (the project's venv)."""
    return Path(sys.executable).parent / name


def render(template, output, **values):
    """Render an nginx template with site/nginx/render.py, as `make serve` does."""
    args = [f"{name}={value}" for name, value in values.items()]
    result = subprocess.run(
        [sys.executable, str(RENDER), str(template), str(output), *args],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return Path(output).read_text(encoding="utf-8")


def nginx_arguments(prefix):
    """nginx's command-line arguments for a prefix laid out as site/serve.sh lays it out."""
    return [
        "-p",
        f"{prefix}/",
        "-c",
        str(prefix / "nginx.conf"),
        "-e",
        str(prefix / "logs" / "error.log"),
        "-g",
        "daemon off;",
    ]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


STARTUP_TIMEOUT = 180  # collectstatic + migrate of a fresh SQLite database, then the servers


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def fetch(url, headers=None, method="GET"):
    """(status, headers, body) without following redirects or raising on 4xx/5xx."""
    opener = urllib.request.build_opener(NoRedirect)
    request = urllib.request.Request(url, headers=headers or {}, method=method)
    try:
        with opener.open(request, timeout=15) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers, exc.read()


@contextmanager
def serve_stack(tmp_path, **environment):
    """site/serve.sh (`make serve`) on a free port, as a user runs it; stopped on exit.

    Yields a dict: base URL, the process, output() (its log so far), var and static dirs.
    ``environment`` is added to a copy of this process's environment, without the test
    settings module, SECRET_KEY, REDIS_URL and DEBUG (serve.sh chooses those).
    """
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
    env.update({key: str(value) for key, value in environment.items()})
    log_path = tmp_path / "serve.log"
    log = open(log_path, "w+b")  # noqa: SIM115 - closed in the finally below
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
        return log_path.read_text(errors="replace")

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
