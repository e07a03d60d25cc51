"""site/nginx and site/gunicorn: the templates render and Debian's nginx accepts them."""

import os
import re
import shutil
import subprocess
import sys

import pytest

from tests.support.nginx import nginx_arguments, render, require_nginx
from tests.support.paths import ROOT, SITE, venv_tool

SERVER_TEMPLATE = SITE / "nginx" / "newsroom.conf.template"
MAIN_TEMPLATE = SITE / "nginx" / "nginx.conf.template"
PLACEHOLDER = re.compile(r"\$\{(NEWSROOM_[A-Z0-9_]+)\}")


def render_site(prefix, upstream, listen="127.0.0.1:8080"):
    """Lay out an nginx prefix the way site/serve.sh does and return nginx's arguments."""
    for sub in ("logs", "tmp", "conf.d", "static", "media", "cache"):
        (prefix / sub).mkdir(parents=True, exist_ok=True)
    render(MAIN_TEMPLATE, prefix / "nginx.conf", NEWSROOM_NGINX_PREFIX=prefix)
    server = render(
        SERVER_TEMPLATE,
        prefix / "conf.d" / "newsroom.conf",
        NEWSROOM_LISTEN=listen,
        NEWSROOM_UPSTREAM=upstream,
        NEWSROOM_STATIC_ROOT=prefix / "static",
        NEWSROOM_MEDIA_ROOT=prefix / "media",
        NEWSROOM_FEEDS_ROOT=prefix / "feeds",
        NEWSROOM_CACHE_PATH=prefix / "cache",
    )
    return server, nginx_arguments(prefix)


@pytest.mark.parametrize("upstream", ["unix:{prefix}/gunicorn.sock", "127.0.0.1:8000"])
def test_rendered_config_passes_nginx_t(tmp_path, upstream):
    nginx = require_nginx()
    prefix = tmp_path / "nginx"
    server, args = render_site(prefix, upstream.format(prefix=prefix))

    assert not PLACEHOLDER.search(server)
    assert "$proxy_add_x_forwarded_for" in server  # nginx's own variables survive
    result = subprocess.run(
        [str(nginx), "-t", *args], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    assert "test is successful" in result.stderr
    assert (prefix / "tmp" / "proxy").is_dir()  # temp paths stay inside the prefix


def test_nginx_t_rejects_a_broken_config(tmp_path):
    # Guards the test above against passing vacuously.
    nginx = require_nginx()
    prefix = tmp_path / "nginx"
    _server, args = render_site(prefix, "127.0.0.1:8000")
    conf = prefix / "conf.d" / "newsroom.conf"
    conf.write_text(conf.read_text().replace("proxy_pass", "proxy_passs", 1))
    result = subprocess.run(
        [str(nginx), "-t", *args], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode != 0


def test_server_block_essentials(tmp_path):
    server, _args = render_site(tmp_path / "nginx", "127.0.0.1:8000")
    for directive in (
        "proxy_set_header Host $http_host;",
        "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;",
        "proxy_set_header X-Forwarded-Proto $newsroom_forwarded_proto;",
        "client_max_body_size 64m;",
        "gzip on;",
        'add_header X-Content-Type-Options "nosniff" always;',
        "immutable",
        "location ^~ /static/",
        "location ^~ /media/",
    ):
        assert directive in server, directive
    # The hashed-name pattern matches what ManifestStaticFilesStorage writes.
    pattern = re.search(r'"~(\^/static/[^"]+)"', server).group(1)
    assert re.match(pattern, "/static/css/site.0123456789ab.css")
    assert not re.match(pattern, "/static/css/site.css")


def test_render_refuses_missing_values(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSROOM_")}
    result = subprocess.run(
        [sys.executable, str(SITE / "nginx" / "render.py"), str(SERVER_TEMPLATE), "out.conf"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert "NEWSROOM_UPSTREAM" in result.stderr
    assert not (tmp_path / "out.conf").exists()


def test_render_matches_the_nginx_image_envsubst(tmp_path):
    """docker-compose renders the same template with envsubst: both must agree."""
    envsubst = shutil.which("envsubst")
    if envsubst is None:
        pytest.skip("envsubst (gettext-base) is not installed")
    values = {
        "NEWSROOM_LISTEN": "80",
        "NEWSROOM_SERVER_NAME": "_",
        "NEWSROOM_UPSTREAM": "web:8000",
        "NEWSROOM_STATIC_ROOT": "/srv/newsroom/static",
        "NEWSROOM_MEDIA_ROOT": "/srv/newsroom/media",
        "NEWSROOM_FEEDS_ROOT": "/srv/newsroom/var/feeds",
        "NEWSROOM_FEED_LANGUAGES": "en|ar",
        "NEWSROOM_SITE_URL": "https://newsroom.example",
        "NEWSROOM_WEBSUB_HUB_URL": "",
        "NEWSROOM_MAX_BODY_SIZE": "64m",
        "NEWSROOM_CACHE_PATH": "/var/cache/nginx/newsroom",
        "NEWSROOM_REAL_IP_FROM": "set_real_ip_from 127.0.0.1;",
        "NEWSROOM_TRUSTED_PROXY_GEO": "127.0.0.1 1;",
    }
    ours = render(SERVER_TEMPLATE, tmp_path / "ours.conf", **values)
    # What the image's 20-envsubst-on-templates.sh runs: only the filtered names.
    names = " ".join(f"${{{name}}}" for name in values)
    theirs = subprocess.run(
        [envsubst, names],
        input=SERVER_TEMPLATE.read_text(encoding="utf-8"),
        env={**os.environ, **values},
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert ours == theirs


def test_gunicorn_config_reads_the_environment(tmp_path):
    env = {
        **os.environ,
        "GUNICORN_BIND": f"unix:{tmp_path}/app.sock",
        "GUNICORN_WORKERS": "3",
        "GUNICORN_THREADS": "2",
    }
    result = subprocess.run(
        [
            str(venv_tool("gunicorn")),
            "-c",
            str(SITE / "gunicorn" / "gunicorn.conf.py"),
            "--print-config",
            "newsroom.wsgi:application",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    config = dict(
        (key.strip(), value.strip())
        for key, _, value in (line.partition("=") for line in result.stdout.splitlines())
    )
    assert config["bind"] == f"['unix:{tmp_path}/app.sock']"
    assert config["workers"] == "3"
    assert config["threads"] == "2"
    assert config["worker_class"] == "gthread"
    assert config["accesslog"] == "-"
    assert config["control_socket_disable"] == "True"
