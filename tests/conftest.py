import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings

from tests.factories import build_bilingual_tree

ROOT = Path(__file__).resolve().parent.parent
IN_CI = bool(os.environ.get("CI"))
REDIS_HOST, REDIS_PORT = "127.0.0.1", 6379


def require(service, available):
    """Skip when a live service is missing on a laptop; in CI that is a failure."""
    if available:
        return
    message = f"{service} is not reachable"
    if IN_CI:
        pytest.fail(message + " (CI must provide it)")
    pytest.skip(message)


def port_open(host, port):
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


SMTP_BACKEND = "django.core.mail.backends.smtp.EmailBackend"


@pytest.fixture
def sink():
    """A real SMTP server (aiosmtpd) on a free port, recording what it accepts."""
    from tests.newsletter.sink import Sink

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


@pytest.fixture(autouse=True)
def default_language():
    """A request to /ar/ leaves Arabic active in the test's thread (LocaleMiddleware activates
    it and nothing deactivates it): each test starts in the default language."""
    from django.utils import translation

    translation.deactivate()


@pytest.fixture(autouse=True)
def redis_breaker_closed():
    """A test that met a dead Redis must not leave the next one skipping it
    (newsroom.core.breaker keeps its state per process)."""
    from newsroom.core.breaker import redis

    redis.reset()
    yield
    redis.reset()


@pytest.fixture
def tree(db):
    return build_bilingual_tree()


@pytest.fixture
def redis_url():
    require("Redis", port_open(REDIS_HOST, REDIS_PORT))
    return f"redis://{REDIS_HOST}:{REDIS_PORT}/9"


@pytest.fixture
def run_id(worker_id):
    """Names this test process, so parallel runs on one Redis never share queues or workers."""
    return f"tests-{os.getpid()}-{worker_id}"


def database_url_for_subprocess():
    db = settings.DATABASES["default"]
    if db["ENGINE"] == "django.db.backends.sqlite3":
        return f"sqlite:///{db['NAME']}"
    user = db.get("USER") or "postgres"
    host = db.get("HOST") or "127.0.0.1"
    port = db.get("PORT") or 5432
    return f"postgres://{user}@{host}:{port}/{db['NAME']}"


def reset_connections(app):
    """Drop pooled broker connections and cached result backends so a changed broker_url and
    result_backend take effect."""
    # kombu keeps one pool per broker URL in a global registry; never close those.
    app._pool = None
    app.amqp._producer_pool = None
    for cached in ("backend", "control"):
        app.__dict__.pop(cached, None)
    # Celery also caches the result backend per thread: one made before the worker started
    # (the in-memory one) would keep answering AsyncResult.get() and never see a result.
    app._backend_cache = None
    if hasattr(app._local, "backend"):
        del app._local.backend


def spawn_worker(redis_url, run_id, name):
    """A `celery worker` process (solo pool) on queue ``run_id`` as ``name``, reading and
    writing the test database; it logs to var/test-worker.log (closed by stop_worker)."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "newsroom.settings.test",
        "DATABASE_URL": database_url_for_subprocess(),
        "REDIS_URL": redis_url,
    }
    env.pop("CI", None)
    log = open(ROOT / "var" / "test-worker.log", "a")  # noqa: SIM115 - closed by stop_worker
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "newsroom",
            f"--broker={redis_url}",
            "worker",
            "--pool=solo",
            "--without-gossip",
            "--without-mingle",
            "--loglevel=INFO",
            f"--queues={run_id}",
            f"--hostname={name}@%h",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    process.log = log
    return process


def await_worker(process, name):
    """Wait until worker ``name`` answers a ping; stop it and fail the test if it does not."""
    from newsroom.celery import app

    deadline = time.monotonic() + 30
    destination = [f"{name}@{socket.gethostname()}"]
    while time.monotonic() < deadline:
        if app.control.ping(timeout=0.5, destination=destination):
            return process
        if process.poll() is not None:
            stop_worker(process)
            pytest.fail(f"Celery worker {name} exited at start-up; see var/test-worker.log")
    stop_worker(process)
    pytest.fail(f"Celery worker {name} did not answer a ping within 30 s")


def stop_worker(process):
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    process.log.close()


@pytest.fixture
def celery_worker(transactional_db, redis_url, run_id):
    """A real Celery worker process on Redis, reading and writing the test database."""
    from newsroom.celery import app

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


def spawn_beat(redis_url, run_id):
    import datetime

    from django.utils import timezone
    from django_celery_beat.models import PeriodicTask
    from django_celery_beat.schedulers import DatabaseScheduler

    from newsroom.celery import app

    DatabaseScheduler(app=app)  # installs the settings' entries, as beat does at start
    PeriodicTask.objects.exclude(name="editorial-publish-scheduled").update(enabled=False)
    PeriodicTask.objects.filter(name="editorial-publish-scheduled").update(
        last_run_at=timezone.now() - datetime.timedelta(minutes=2)
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "newsroom.settings.test",
        "DATABASE_URL": database_url_for_subprocess(),
        "REDIS_URL": redis_url,
        "NEWSROOM_TEST_WORKER_QUEUE": run_id,  # beat sends to the queue the worker reads
    }
    env.pop("CI", None)
    log = open(ROOT / "var" / "test-beat.log", "a")  # noqa: SIM115 - closed by stop_worker
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "newsroom", f"--broker={redis_url}", "beat"]
        + ["--scheduler=django_celery_beat.schedulers:DatabaseScheduler", "--loglevel=INFO"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    process.log = log
    return process


def wait_for(predicate, timeout=30, interval=0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    return predicate()


def start_scheduler():
    """`manage.py run_scheduler` as `make run` starts it, on the test database."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "newsroom.settings.test",
        "DATABASE_URL": database_url_for_subprocess(),
        "PYTHONUNBUFFERED": "1",
    }
    for name in ("CI", "REDIS_URL", "NEWSROOM_TEST_WORKER_QUEUE"):
        env.pop(name, None)  # the embedded set-up: no broker, tasks run in the scheduler
    return subprocess.Popen(
        [sys.executable, "manage.py", "run_scheduler"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def stop(process):
    """SIGTERM, as Ctrl-C in `make run`; returns (exit code, output)."""
    process.send_signal(signal.SIGTERM)
    try:
        output, _ = process.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        output, _ = process.communicate()
        pytest.fail("the scheduler did not stop within 30 s of SIGTERM:\n" + output)
    return process.returncode, output
