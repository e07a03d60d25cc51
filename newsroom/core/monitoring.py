"""Error reporting: Sentry (or a Sentry-compatible service) when SENTRY_DSN is set.

Called from the settings, so the web processes, Celery workers and beat all report:

    SENTRY_DSN                 where to send events; unset (the default): nothing is sent
    SENTRY_ENVIRONMENT         "production" unless set
    SENTRY_RELEASE             the deployed version, e.g. the git commit
    SENTRY_TRACES_SAMPLE_RATE  share of requests and tasks traced for performance (0 to 1; 0)

Unhandled exceptions in views and tasks, and log records at ERROR and above, become events;
no personal data (cookies, user ids, addresses, request bodies) is sent with them.
"""

import os

import sentry_sdk
from sentry_sdk.integrations.celery import CeleryIntegration
from sentry_sdk.integrations.django import DjangoIntegration


def sentry_options(dsn, environ=None):
    environ = os.environ if environ is None else environ
    return {
        "dsn": dsn,
        "environment": environ.get("SENTRY_ENVIRONMENT") or "production",
        "release": environ.get("SENTRY_RELEASE") or None,
        "traces_sample_rate": float(environ.get("SENTRY_TRACES_SAMPLE_RATE") or 0),
        "send_default_pii": False,
        "max_request_body_size": "never",
        "integrations": [DjangoIntegration(), CeleryIntegration()],
    }


def init_error_reporting(environ=None):
    """Start the Sentry SDK when SENTRY_DSN is set; returns whether it did."""
    environ = os.environ if environ is None else environ
    dsn = environ.get("SENTRY_DSN", "").strip()
    if not dsn:
        return False
    sentry_sdk.init(**sentry_options(dsn, environ))
    return True
