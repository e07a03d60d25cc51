"""Helpers shared by the deployment tests (not a test module)."""

import os
import socket
import subprocess
import sys
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


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
