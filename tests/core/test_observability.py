"""Structured logs (LOG_FORMAT=json) and error reporting (SENTRY_DSN)."""

import json
import logging
import os
import subprocess
import sys

from django.test import RequestFactory

from newsroom.core.logging import JSONFormatter, gunicorn_logconfig
from newsroom.core.monitoring import init_error_reporting, sentry_options
from tests.support.paths import ROOT


def record(name="newsroom.test", msg="hello %s", args=("world",), **extra):
    item = logging.LogRecord(name, logging.WARNING, __file__, 1, msg, args, None)
    item.__dict__.update(extra)
    return item


def test_json_formatter_writes_one_object_per_line():
    line = JSONFormatter().format(record(page_id=7, tags=("a",)))
    assert "\n" not in line
    entry = json.loads(line)
    assert entry["message"] == "hello world"
    assert entry["level"] == "WARNING"
    assert entry["logger"] == "newsroom.test"
    assert entry["time"].endswith("Z")
    assert entry["page_id"] == 7
    assert entry["tags"] == ["a"]


def test_json_formatter_keeps_exceptions_and_requests():
    try:
        raise ValueError("broken")
    except ValueError:
        exc_info = sys.exc_info()
    item = record(msg="Internal Server Error: %s", args=("/en/",))
    item.exc_info = exc_info
    item.request = RequestFactory().get("/en/?q=1")
    item.status_code = 500
    entry = json.loads(JSONFormatter().format(item))
    assert "ValueError: broken" in entry["exception"]
    assert entry["request"] == {"method": "GET", "path": "/en/"}
    assert entry["status_code"] == 500


def test_gunicorn_access_lines_become_fields():
    atoms = {
        "h": "127.0.0.1",
        "m": "GET",
        "U": "/ar/",
        "q": "page=2",
        "s": "200",
        "B": "20008",
        "M": "83",
        "f": "-",
        "a": "wrk",
        "H": "HTTP/1.0",
        "{x-real-ip}i": "203.0.113.9",
    }
    entry = json.loads(JSONFormatter().format(record("gunicorn.access", "%(m)s %(U)s", atoms)))
    assert entry["message"] == "GET /ar/"
    assert entry["status"] == 200 and entry["bytes"] == 20008 and entry["duration_ms"] == 83
    assert entry["remote"] == "203.0.113.9"
    assert "referrer" not in entry  # "-" means none


def test_gunicorn_logconfig_uses_the_formatter():
    config = gunicorn_logconfig("INFO")
    assert config["formatters"]["json"]["()"] == "newsroom.core.logging.JSONFormatter"
    for name in ("gunicorn.error", "gunicorn.access"):
        assert config["loggers"][name]["handlers"] == ["json_console"]


def clean_env(**overrides):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SENTRY_", "LOG_"))}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.update(overrides)
    return env


def test_log_format_json_switches_django_logging(tmp_path):
    script = (
        "import django, logging; django.setup(); "
        "logging.getLogger('newsroom.check').warning('json %s', 'line', extra={'page_id': 3})"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=clean_env(
            LOG_FORMAT="json",
            DJANGO_SETTINGS_MODULE="newsroom.settings.dev",
            NEWSROOM_VAR_DIR=str(tmp_path),
        ),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    entries = [json.loads(line) for line in result.stderr.splitlines() if line.startswith("{")]
    assert {"message": "json line", "page_id": 3, "logger": "newsroom.check"}.items() <= next(
        e for e in entries if e["logger"] == "newsroom.check"
    ).items()
    assert all(line.startswith("{") for line in result.stderr.splitlines() if line.strip())


def test_gunicorn_logs_json_with_log_format_json():
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "-c",
            "site/gunicorn/gunicorn.conf.py",
            "--print-config",
            "newsroom.wsgi:application",
        ],
        cwd=ROOT,
        env=clean_env(LOG_FORMAT="json"),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "newsroom.core.logging.JSONFormatter" in result.stdout


def test_no_error_reporting_without_a_dsn():
    assert init_error_reporting({}) is False
    assert init_error_reporting({"SENTRY_DSN": "  "}) is False


def test_sentry_options_from_the_environment():
    options = sentry_options(
        "https://key@sentry.example.org/1",
        {"SENTRY_ENVIRONMENT": "staging", "SENTRY_RELEASE": "abc123"},
    )
    assert options["environment"] == "staging"
    assert options["release"] == "abc123"
    assert options["traces_sample_rate"] == 0
    assert options["send_default_pii"] is False
    names = {type(integration).__name__ for integration in options["integrations"]}
    assert names == {"DjangoIntegration", "CeleryIntegration"}


def test_sentry_starts_with_django_and_celery_when_sentry_dsn_is_set(tmp_path):
    script = (
        "import django; django.setup(); import sentry_sdk; "
        "client = sentry_sdk.get_client(); "
        "print(client.is_active(), client.options['environment'], "
        "sorted(client.integrations))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=clean_env(
            # Nothing is sent unless an event happens; the host does not exist anyway.
            SENTRY_DSN="https://public@sentry.invalid/1",
            SENTRY_ENVIRONMENT="ci",
            DJANGO_SETTINGS_MODULE="newsroom.settings.dev",
            NEWSROOM_VAR_DIR=str(tmp_path),
        ),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    active, environment, integrations = result.stdout.strip().splitlines()[-1].split(" ", 2)
    assert (active, environment) == ("True", "ci")
    assert "'django'" in integrations and "'celery'" in integrations
