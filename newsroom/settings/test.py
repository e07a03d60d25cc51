"""Test settings: the production stack, with fast hashing, in-memory mail and eager tasks.

Tests that need a real broker or worker opt in through fixtures (tests/conftest.py), which
point Celery at Redis and start a worker process against the test database.
"""

import os
import tempfile

os.environ.setdefault("DEBUG", "0")
# Feed artefacts of one test run (and of the Celery workers it starts, which inherit this).
os.environ.setdefault(
    "NEWSROOM_FEEDS_ROOT",
    os.path.join(tempfile.gettempdir(), f"newsroom-test-feeds-{os.getpid()}"),
)

from .base import *  # noqa: E402,F403
from .base import DATABASES, VAR_DIR  # noqa: E402

SECRET_KEY = "test-only-not-secret"
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# A worker process a test starts may mail that test's SMTP sink instead (tests/faults).
EMAIL_BACKEND = os.environ.get(
    "NEWSROOM_TEST_EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend"
)
MEDIA_ROOT = VAR_DIR / "test-media"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
CELERY_TASK_ALWAYS_EAGER = True
# A worker process started by a test that names its queue here works like production: the
# tasks it spawns (and retries) go through the broker to that queue instead of running inline.
if os.environ.get("NEWSROOM_TEST_WORKER_QUEUE"):
    CELERY_TASK_ALWAYS_EAGER = False
    CELERY_TASK_DEFAULT_QUEUE = os.environ["NEWSROOM_TEST_WORKER_QUEUE"]
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file, not memory: worker processes and the live server must see the test data.
    # One file per test run, so two runs on one checkout never share a database.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / f"test-{os.getpid()}.sqlite3")}

LOGGING["root"]["level"] = "WARNING"  # noqa: F405
# client.login()/force_login() call authenticate() without a request, which django-axes
# refuses; the throttling tests turn it back on with override_settings(AXES_ENABLED=True).
AXES_ENABLED = False
