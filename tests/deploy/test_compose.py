"""docker-compose.yml: valid against the Compose specification, complete and consistent."""

import re
import subprocess

import pytest
from ruamel.yaml import YAML

from tests.support.paths import ROOT, SITE, venv_tool

COMPOSE = ROOT / "docker-compose.yml"
SERVICES = {"web", "worker", "beat", "postgres", "redis", "minio", "nginx"}
APP_SERVICES = ("web", "worker", "beat")


@pytest.fixture(scope="module")
def compose():
    return YAML(typ="safe").load(COMPOSE.read_text(encoding="utf-8"))


def test_compose_file_validates_against_the_compose_spec():
    result = subprocess.run(
        [
            str(venv_tool("check-jsonschema")),
            "--builtin-schema",
            "vendor.compose-spec",
            str(COMPOSE),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_compose_has_the_seven_services(compose):
    assert set(compose["services"]) == SERVICES


def test_backing_services_have_healthchecks(compose):
    services = compose["services"]
    assert "pg_isready" in " ".join(services["postgres"]["healthcheck"]["test"])
    assert services["postgres"]["image"].startswith("postgres:16")
    assert "postgres" in {v.split(":")[0] for v in services["postgres"]["volumes"]}
    assert services["redis"]["healthcheck"]["test"][-2:] == ["redis-cli", "ping"]
    assert services["redis"]["image"].startswith("redis:7")


def test_web_healthcheck_hits_healthz(compose):
    web = compose["services"]["web"]
    test = web["healthcheck"]["test"]
    assert test[0] == "CMD"
    script = test[-1]
    assert script == "site/docker/healthcheck.py"
    assert (ROOT / script).is_file()
    assert "/healthz" in (ROOT / script).read_text(encoding="utf-8")


def test_app_services_wait_for_healthy_dependencies(compose):
    services = compose["services"]
    for name in APP_SERVICES:
        depends = services[name]["depends_on"]
        assert depends["postgres"] == {"condition": "service_healthy"}, name
        assert depends["redis"] == {"condition": "service_healthy"}, name
        assert depends["minio"] == {"condition": "service_healthy"}, name
    for name in ("worker", "beat", "nginx"):
        assert services[name]["depends_on"]["web"] == {"condition": "service_healthy"}, name


def test_app_services_run_the_right_commands(compose):
    services = compose["services"]
    assert services["web"]["command"][0] == "gunicorn"
    assert "site/gunicorn/gunicorn.conf.py" in services["web"]["command"]
    assert services["worker"]["command"][:4] == ["celery", "-A", "newsroom", "worker"]
    assert services["beat"]["command"][:4] == ["celery", "-A", "newsroom", "beat"]
    for name in ("web", "worker", "beat"):
        env = services[name]["environment"]
        assert env["DJANGO_SETTINGS_MODULE"] == "newsroom.settings.production"
        for key in ("DATABASE_URL", "REDIS_URL", "ALLOWED_HOSTS", "SITE_URL", "EMAIL_HOST"):
            assert key in env, (name, key)
    # Only the web service migrates.
    assert services["web"]["environment"]["DJANGO_MIGRATE"] == "1"
    assert "DJANGO_MIGRATE" not in services["worker"]["environment"]


def test_secret_key_is_required():
    # Interpolation happens before YAML parsing: check the raw text.
    text = COMPOSE.read_text(encoding="utf-8")
    assert "SECRET_KEY: ${SECRET_KEY:?set SECRET_KEY}" in text
    assert not re.search(r"SECRET_KEY:\s*\$\{SECRET_KEY:-", text)


def test_nginx_publishes_8080_and_serves_the_static_volume(compose):
    nginx = compose["services"]["nginx"]
    assert nginx["image"].startswith("nginx:")
    assert any(str(port).endswith("8080}:80") or str(port) == "8080:80" for port in nginx["ports"])
    targets = {volume.split(":")[1] for volume in nginx["volumes"]}
    assert "/srv/newsroom/static" in targets


def named_volumes(service):
    for volume in service.get("volumes", []):
        source = volume["source"] if isinstance(volume, dict) else volume.split(":")[0]
        if not source.startswith((".", "/")):
            yield source


def test_app_services_share_no_volume_and_scale(compose):
    """`docker compose up --scale web=3 --scale worker=3` works as written: media, documents
    and feeds are in object storage, so no web, worker or beat container needs another's disk
    (web keeps only the static files it hands to nginx), and nothing pins a service to one
    container (a fixed name or a published port)."""
    services = compose["services"]
    assert list(named_volumes(services["web"])) == ["static"]
    for name in ("worker", "beat"):
        assert not list(named_volumes(services[name])), name
    for name in APP_SERVICES:
        assert "container_name" not in services[name], name
        assert "ports" not in services[name], name
        env = services[name]["environment"]
        for key in ("NEWSROOM_S3_BUCKET", "NEWSROOM_S3_ENDPOINT_URL", "AWS_ACCESS_KEY_ID"):
            assert env.get(key), (name, key)
    assert set(compose["volumes"]) == {"postgres", "redis", "static", "minio"}
    # The bundled object storage uses the credentials the app services are given.
    minio = services["minio"]["environment"]
    assert minio["MINIO_ROOT_USER"] == "${AWS_ACCESS_KEY_ID:-newsroom}"
    assert minio["MINIO_ROOT_PASSWORD"] == "${AWS_SECRET_ACCESS_KEY:-newsroom-secret}"
    assert services["web"]["environment"]["NEWSROOM_S3_CREATE_BUCKET"] == "1"


def mounted_sources(compose):
    for name, service in compose["services"].items():
        for volume in service.get("volumes", []):
            source = volume["source"] if isinstance(volume, dict) else volume.split(":")[0]
            if source.startswith((".", "/")):
                yield name, source


def test_every_mounted_config_path_exists(compose):
    sources = list(mounted_sources(compose))
    assert sources, "nginx mounts its configuration from site/"
    for name, source in sources:
        path = (ROOT / source).resolve()
        assert path.is_relative_to(SITE), (name, source)
        assert path.exists(), (name, source)


def test_build_files_exist(compose):
    build = compose["services"]["web"]["build"]
    dockerfile = ROOT / build["context"] / build["dockerfile"]
    assert dockerfile.is_file()
    text = dockerfile.read_text(encoding="utf-8")
    assert "python:3.11-slim" in text
    for line in text.splitlines():
        # Every file or directory the Dockerfile copies from the context must exist.
        if line.startswith("COPY ") and "--from=" not in line:
            for source in line.split()[1:-1]:
                assert (ROOT / source).exists(), line
    assert (ROOT / "site" / "docker" / "entrypoint.sh").is_file()


def test_nginx_template_gets_every_placeholder(compose):
    nginx = compose["services"]["nginx"]
    template = SITE / "nginx" / "newsroom.conf.template"
    mount = next(v for v in nginx["volumes"] if v.startswith("./site/nginx/"))
    assert mount.split(":")[1].startswith("/etc/nginx/templates/")
    assert mount.split(":")[1].endswith(".conf.template")
    placeholders = set(re.findall(r"\$\{(NEWSROOM_[A-Z0-9_]+)\}", template.read_text()))
    env = nginx["environment"]
    assert placeholders <= set(env), placeholders - set(env)
    # The image's envsubst only touches variables matching the filter.
    pattern = re.compile(env["NGINX_ENVSUBST_FILTER"])
    assert all(pattern.search(name) for name in placeholders)


def test_every_service_restarts_and_has_a_healthcheck(compose):
    for name, service in compose["services"].items():
        assert service.get("restart") in {"unless-stopped", "always"}, name
        assert service["healthcheck"]["test"], name
    # nginx is healthy when it can serve the page it shows while web is down: the file that
    # `manage.py write_error_pages` writes at image build time (site/docker/Dockerfile).
    nginx_check = " ".join(compose["services"]["nginx"]["healthcheck"]["test"])
    assert "/static/errors/unavailable.en.html" in nginx_check
    assert "write_error_pages" in (SITE / "docker" / "Dockerfile").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "status, down, healthy",
    [(200, [], True), (503, ["redis"], True), (503, ["database"], False), (503, None, False)],
)
def test_web_healthcheck_keeps_a_container_that_only_lost_redis(status, down, healthy):
    """Readers are served from the database while Redis is down: restarting the app server
    then would only add an outage. Anything else that /healthz reports down is unhealthy."""
    import json
    import sys
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    body = json.dumps({"status": "ok" if status == 200 else "down", "down": down}).encode()

    class Healthz(BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Healthz)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        result = subprocess.run(
            [sys.executable, str(ROOT / "site/docker/healthcheck.py")],
            env={"GUNICORN_BIND": f"127.0.0.1:{server.server_port}", "PATH": "/usr/bin"},
            capture_output=True,
            text=True,
            timeout=30,
        )
    finally:
        server.shutdown()
    assert (result.returncode == 0) is healthy, result.stdout + result.stderr
