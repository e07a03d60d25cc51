"""Fixtures every test directory may use; the code behind them is in tests/support/."""

import asyncio
import os
import secrets
import shutil
from pathlib import Path

import pytest
from django.conf import settings as django_settings  # `settings` is a pytest-django fixture
from django.core.cache import cache
from django.core.management import call_command
from django.utils import translation

from newsroom.celery import app
from newsroom.core import breaker, content_version
from newsroom.core.tree import ensure_wagtail_roots
from tests.factories import build_bilingual_tree
from tests.support.browser import launched_chromium, require_chromium
from tests.support.paths import NODE_MODULES, ROOT
from tests.support.services import port_open, require
from tests.support.smtp_sink import SMTP_BACKEND, Sink
from tests.support.workers import (
    await_worker,
    reset_connections,
    spawn_beat,
    spawn_worker,
    stop_worker,
)

REDIS_HOST, REDIS_PORT = "127.0.0.1", 6379
ARTIFACTS = ROOT / "test-artifacts"


def pytest_configure(config):
    """Under pytest-xdist every worker builds feeds in a directory of its own: the test
    settings name one per run after the controller's process, which the workers inherit, and
    two workers' feed tests then read each other's artefacts. The processes a test starts
    inherit the worker's through the environment."""
    worker = getattr(config, "workerinput", {}).get("workerid")
    if worker:
        root = Path(django_settings.FEEDS_ROOT)
        root = root.with_name(f"{root.name}-{worker}")
        django_settings.FEEDS_ROOT = root
        os.environ["NEWSROOM_FEEDS_ROOT"] = str(root)


@pytest.fixture(autouse=True)
def default_language():
    """A request to /ar/ leaves Arabic active in the test's thread (LocaleMiddleware activates
    it and nothing deactivates it): each test starts in the default language."""
    translation.deactivate()


@pytest.fixture(autouse=True)
def redis_breaker_closed():
    """A test that met a dead Redis must not leave the next one skipping it
    (newsroom.core.breaker keeps its state per process)."""
    breaker.redis.reset()
    yield
    breaker.redis.reset()


@pytest.fixture(autouse=True)
def fresh_caches():
    """The test settings' cache is local to the process, as are the fragments it keeps
    (newsroom.core.content_version): a test must not read what an earlier one cached about a
    database that has since been flushed."""
    cache.clear()
    content_version.drop_kept_copies()


DATABASE_FIXTURES = {"db", "transactional_db", "django_db_reset_sequences", "live_server"}


@pytest.fixture(autouse=True)
def wagtail_roots(request):
    """Every test that uses the database starts with the rows Wagtail's data migrations
    create (the root page, the root collection, the default locale), whatever the tests before
    it in its process did. Under pytest-xdist which tests share a process changes from run to
    run, and one run found the root collection gone for a module whose fixture creates
    documents; what removed it was not found."""
    if not (
        request.node.get_closest_marker("django_db")
        or DATABASE_FIXTURES & set(request.fixturenames)
    ):
        return
    request.getfixturevalue("django_db_setup")  # the test database, not the configured one
    with request.getfixturevalue("django_db_blocker").unblock():
        ensure_wagtail_roots()


@pytest.fixture
def tree(db):
    return build_bilingual_tree()


# --- Mail


@pytest.fixture
def sink():
    """A real SMTP server (aiosmtpd) on a free port, recording what it accepts."""
    with Sink() as running:
        yield running


@pytest.fixture
def smtp(sink, settings):
    """Django (in this process) sends all mail, newsletter mail included, to the sink over
    real SMTP."""
    settings.EMAIL_BACKEND = SMTP_BACKEND
    settings.NEWSLETTER_EMAIL_BACKEND = ""
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = sink.port
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_TIMEOUT = 10
    return sink


# --- Redis and Celery


@pytest.fixture
def redis_url():
    require("Redis", port_open(REDIS_HOST, REDIS_PORT))
    return f"redis://{REDIS_HOST}:{REDIS_PORT}/9"


@pytest.fixture
def run_id(worker_id):
    """Names this test's queues and workers, so neither parallel runs on one Redis nor two
    tests of one process share them: a task the previous test's worker left in its queue
    must not run first in the next test's."""
    return f"tests-{os.getpid()}-{worker_id}-{secrets.token_hex(4)}"


@pytest.fixture
def celery_worker(transactional_db, redis_url, run_id):
    """A real Celery worker process on Redis, reading and writing the test database."""
    process = spawn_worker(redis_url, run_id, run_id)
    overrides = {
        "task_always_eager": False,
        "broker_url": redis_url,
        "result_backend": redis_url,
        "task_default_queue": run_id,
    }
    saved = {key: app.conf[key] for key in overrides}
    app.conf.update(overrides)
    reset_connections(app)
    try:
        yield await_worker(process, run_id)
    finally:
        stop_worker(process)  # also after a test killed it: reaps it and closes its log
        app.conf.update(saved)
        reset_connections(app)


@pytest.fixture
def celery_beat(celery_worker, redis_url, run_id):
    """Starts a `celery beat` process (DatabaseScheduler) sending to the test worker's queue.

    Beat keeps when each job last ran in the database; only scheduled publishing is enabled,
    made due now (as if beat last sent it two minutes ago) rather than a minute after start.
    """
    processes = []

    def start():
        processes.append(spawn_beat(redis_url, run_id))
        return processes[-1]

    try:
        yield start
    finally:
        for process in processes:
            stop_worker(process)


# --- Browser and page checkers (tests/e2e, and the feeds pages' checks)


@pytest.fixture
def in_chromium():
    """Run ``scenario(browser)`` in Debian's Chromium.

    The browser lives inside ``asyncio.run`` so no event loop is left in the test's thread:
    the ORM (and pytest-django's database fixtures) keep working between browser steps.
    """
    require_chromium()

    def run(scenario):
        async def main():
            async with launched_chromium() as browser:
                return await scenario(browser)

        return asyncio.run(main())

    return run


@pytest.fixture
def demo_site(transactional_db, live_server):
    """The demo content, served by a live server on the test database."""
    call_command("load_demo_content", verbosity=0)
    return live_server


@pytest.fixture(scope="session")
def artifacts():
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture(scope="session")
def vnu_jar():
    jar = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
    require("the Nu HTML checker (npm ci)", jar.exists())
    require("Java (apt-get install default-jre-headless)", shutil.which("java") is not None)
    return jar


@pytest.fixture(scope="session")
def axe_script():
    script = NODE_MODULES / "axe-core" / "axe.min.js"
    require("axe-core (npm ci)", script.exists())
    return script
