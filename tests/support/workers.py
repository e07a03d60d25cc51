"""Real Celery processes for a test: workers and beat on Redis, reading and writing the test
database, each logging to var/ (closed by stop_worker)."""

import datetime
import os
import socket
import subprocess
import sys
import time

import pytest
from django.utils import timezone
from django_celery_beat.models import PeriodicTask
from django_celery_beat.schedulers import DatabaseScheduler

from newsroom.celery import app
from tests.support.database import database_url_for_subprocess
from tests.support.paths import ROOT
from tests.support.smtp_sink import SMTP_BACKEND

# Seconds a worker may take to answer its first ping. Generous: on a loaded 2-core CI machine
# loading Django in a new process takes tens of seconds, and a worker that dies at start-up
# fails the test at once anyway.
WORKER_START_TIMEOUT = 180


def reset_connections(celery_app):
    """Drop pooled broker connections and cached result backends so a changed broker_url and
    result_backend take effect."""
    # kombu keeps one pool per broker URL in a global registry; never close those.
    celery_app._pool = None
    celery_app.amqp._producer_pool = None
    for cached in ("backend", "control"):
        celery_app.__dict__.pop(cached, None)
    # Celery also caches the result backend per thread: one made before the worker started
    # (the in-memory one) would keep answering AsyncResult.get() and never see a result.
    celery_app._backend_cache = None
    if hasattr(celery_app._local, "backend"):
        del celery_app._local.backend


def subprocess_env(redis_url, **extra):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "newsroom.settings.test",
        "DATABASE_URL": database_url_for_subprocess(),
        "REDIS_URL": redis_url,
        **extra,
    }
    env.pop("CI", None)
    return env


def spawn_worker(redis_url, run_id, name):
    """A `celery worker` process (solo pool) on queue ``run_id`` as ``name``, reading and
    writing the test database; it logs to var/test-worker.log (closed by stop_worker)."""
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
        env=subprocess_env(redis_url),
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    process.log = log
    return process


def await_worker(process, name):
    """Wait until worker ``name`` answers a ping; stop it and fail the test if it does not."""
    deadline = time.monotonic() + WORKER_START_TIMEOUT
    destination = [f"{name}@{socket.gethostname()}"]
    while time.monotonic() < deadline:
        if app.control.ping(timeout=0.5, destination=destination):
            return process
        if process.poll() is not None:
            stop_worker(process)
            pytest.fail(f"Celery worker {name} exited at start-up; see var/test-worker.log")
    stop_worker(process)
    pytest.fail(f"Celery worker {name} did not answer a ping within {WORKER_START_TIMEOUT} s")


def start_worker(redis_url, run_id, name):
    """Another worker process on the same queue (the celery_worker fixture starts one)."""
    return await_worker(spawn_worker(redis_url, run_id, name), name)


def stop_worker(process):
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    process.log.close()


def worker_env(monkeypatch, sink, run_id, **extra):
    """Environment a Celery worker needs to mail the sink (set before the worker starts); the
    tasks it spawns go to its own queue (newsroom/settings/test.py)."""
    values = {
        "NEWSROOM_TEST_WORKER_QUEUE": run_id,
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(sink.port),
        "NEWSLETTER_EMAIL_BACKEND": SMTP_BACKEND,
        "SITE_URL": "https://newsroom.example.org",
        **extra,
    }
    for name, value in values.items():
        monkeypatch.setenv(name, value)
    return values


def use_celery_worker(request):
    """The celery_worker fixture, requested now (after worker_env has set its environment)."""
    return request.getfixturevalue("celery_worker")


def spawn_beat(redis_url, run_id):
    """A `celery beat` process (DatabaseScheduler) sending to queue ``run_id``, with only
    scheduled publishing enabled and made due now; it logs to var/test-beat.log."""
    DatabaseScheduler(app=app)  # installs the settings' entries, as beat does at start
    PeriodicTask.objects.exclude(name="editorial-publish-scheduled").update(enabled=False)
    PeriodicTask.objects.filter(name="editorial-publish-scheduled").update(
        last_run_at=timezone.now() - datetime.timedelta(minutes=2)
    )
    # beat sends to the queue the worker reads
    env = subprocess_env(redis_url, NEWSROOM_TEST_WORKER_QUEUE=run_id)
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
