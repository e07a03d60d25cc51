"""Security headers on public pages, HSTS and `check --deploy` under production settings."""

import json
import os
import secrets
import subprocess
import sys

import pytest
from django.conf import settings

from newsroom.core.security import DEFAULT_PERMISSIONS_POLICY, permissions_policy_header
from tests.support.paths import ROOT

pytestmark = pytest.mark.django_db

PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "newsroom.settings.production",
    "SITE_URL": "https://news.example.org",
    "ALLOWED_HOSTS": "news.example.org",
}


def production_env(tmp_path, **overrides):
    """The environment of a real deployment: production settings, https, a long random key."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "SECURE_", "SENTRY_")) and key not in {"DEBUG"}
    }
    env.update(PRODUCTION_ENV)
    env.update(
        SECRET_KEY=secrets.token_urlsafe(64),
        DATABASE_URL=f"sqlite:///{tmp_path / 'deploy.sqlite3'}",
        NEWSROOM_VAR_DIR=str(tmp_path / "var"),
    )
    env.update(overrides)
    return env


def test_public_pages_send_the_security_headers(client, tree):
    response = client.get(tree.home_en.url)
    assert response.status_code == 200

    csp = response["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in csp.split(";") if part.strip())
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["default-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["base-uri"] == "'self'"
    assert directives["form-action"] == "'self'"

    policy = response["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()", "usb=()"):
        assert feature in policy
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_the_pages_carry_no_inline_script_or_style(client, tree):
    """What makes the CSP above possible: nothing inline that it would block."""
    from bs4 import BeautifulSoup

    for url in (tree.home_en.url, tree.home_ar.url, tree.statements_en.url, "/en/search/?q=x"):
        html = BeautifulSoup(client.get(url).content, "html.parser")
        assert not html.select("[style]"), url
        assert not html.select("style"), url
        for script in html.select("script"):
            assert script.get("src") or script.get("type") == "application/ld+json", url
        for element in html.find_all(True):
            assert not any(attribute.startswith("on") for attribute in element.attrs), url


def test_the_admin_has_no_csp_but_the_other_headers(client):
    response = client.get("/admin/login/")
    assert response.status_code == 200
    assert "Content-Security-Policy" not in response
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "Permissions-Policy" in response


def test_permissions_policy_header_syntax():
    assert permissions_policy_header({"camera": (), "fullscreen": ("self",)}) == (
        "camera=(), fullscreen=(self)"
    )
    assert permissions_policy_header({"autoplay": ("self", "https://www.youtube.com")}) == (
        'autoplay=(self "https://www.youtube.com")'
    )
    assert permissions_policy_header({"sync-xhr": "*"}) == "sync-xhr=*"
    assert "camera" in DEFAULT_PERMISSIONS_POLICY


def test_embed_origins_are_the_only_frames_allowed():
    frame_src = settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]["frame-src"]
    assert "https://www.youtube-nocookie.com" in frame_src
    assert all(origin.startswith("https://") for origin in frame_src)


HEADERS_SCRIPT = """
import json, django
django.setup()
from django.test import Client
client = Client(HTTP_HOST="news.example.org")
out = {}
secure = client.get("/", secure=True, headers={"accept-language": "ar"})
out["secure"] = [secure.status_code, dict(secure.headers)]
plain = client.get("/en/")
out["plain"] = [plain.status_code, dict(plain.headers)]
health = client.get("/healthz")
out["healthz"] = [health.status_code, dict(health.headers)]
from django.conf import settings
out["cookies"] = [settings.SESSION_COOKIE_SECURE, settings.CSRF_COOKIE_SECURE]
print(json.dumps(out))
"""


def test_production_settings_send_hsts_and_redirect_to_https(tmp_path):
    result = subprocess.run(
        [sys.executable, "-c", HEADERS_SCRIPT],
        cwd=ROOT,
        env=production_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout.strip().splitlines()[-1])

    status, headers = seen["secure"]
    assert status == 302
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert "upgrade-insecure-requests" in headers["Content-Security-Policy"]
    # Plain HTTP goes to https, except the health check that the container runs from inside.
    status, headers = seen["plain"]
    assert status == 301
    assert headers["Location"] == "https://news.example.org/en/"
    status, headers = seen["healthz"]
    assert status == 200
    assert "Strict-Transport-Security" not in headers  # only ever sent over https
    assert seen["cookies"] == [True, True]


def run_check_deploy(env):
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )


def test_check_deploy_is_clean_under_production_settings(tmp_path):
    result = run_check_deploy(production_env(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_does_fail_on_an_insecure_deployment(tmp_path):
    # Guards the test above against passing vacuously: plain http, no HSTS, insecure cookies.
    result = run_check_deploy(production_env(tmp_path, SITE_URL="http://news.example.org"))
    assert result.returncode != 0
    assert "security.W004" in result.stderr
