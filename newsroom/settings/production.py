from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import SECRET_KEY, SITE_URL, env_bool

if not SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set in the environment for production.")

STORAGES = {
    **STORAGES,  # noqa: F405 - media and feeds as base.py chose them (object storage or disk)
    "staticfiles": {"BACKEND": "newsroom.core.static_storage.MinifiedManifestStaticFilesStorage"},
}

_https = SITE_URL.startswith("https://")
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", _https)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", _https)
# Behind nginx, which passes on X-Forwarded-Proto (from a TLS proxy in front of it, or its own
# scheme). The health check talks plain HTTP to gunicorn from inside the container.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", _https)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000" if _https else "0"))  # noqa: F405
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
# Eligible for the browsers' HSTS preload list (nothing happens until the domain is submitted
# at hstspreload.org); SECURE_HSTS_PRELOAD=0 for a domain whose subdomains are not all https.
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", SECURE_HSTS_SECONDS >= 31536000)
if _https:
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["upgrade-insecure-requests"] = True  # noqa: F405

# Documents: Wagtail checks access, nginx sends the file (newsroom.core.documents). site/serve.sh
# and docker-compose.yml set NEWSROOM_X_ACCEL_REDIRECT=1; without nginx, Django streams it.
if env_bool("NEWSROOM_X_ACCEL_REDIRECT", False):
    SENDFILE_BACKEND = "newsroom.core.documents"
