"""Debian's nginx and the project's nginx templates, as site/serve.sh uses them."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.paths import SITE
from tests.support.services import IN_CI

NGINX = Path("/usr/sbin/nginx")
RENDER = SITE / "nginx" / "render.py"


def require_nginx():
    """Debian's nginx: a failure in CI (which installs it), a skip on a laptop without it."""
    if NGINX.exists() and os.access(NGINX, os.X_OK):
        return NGINX
    message = f"{NGINX} is missing: apt-get install -y nginx"
    if IN_CI:
        pytest.fail(message)
    pytest.skip(message)


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
