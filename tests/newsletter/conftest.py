import os
import socket
import subprocess
import sys
import time

import pytest

from tests.conftest import ROOT, SMTP_BACKEND, database_url_for_subprocess

# The SMTP sink fixtures (``sink``, ``smtp``) live in tests/conftest.py: registrations use them too.


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


def start_worker(redis_url, run_id, name):
    """Another worker process on the same queue (the celery_worker fixture starts one)."""
    from newsroom.celery import app

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
    deadline = time.monotonic() + 30
    destination = [f"{name}@{socket.gethostname()}"]
    while time.monotonic() < deadline:
        if app.control.ping(timeout=0.5, destination=destination):
            return process
        if process.poll() is not None:
            break
    stop_worker(process)
    pytest.fail("the second Celery worker did not start; see var/test-worker.log")


def stop_worker(process):
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    process.log.close()


@pytest.fixture(autouse=True)
def on_commit_now(request, monkeypatch):
    """Tests run inside a transaction that never commits: run the newsletter's after-commit
    work (sending the confirmation, the welcome, alerts) at once, as a commit would.
    Tests on a transactional database (real workers) commit for real and keep on_commit."""
    if "transactional_db" in request.fixturenames:
        return
    from newsletter import subscriptions, tasks

    def now(func, using=None, robust=False):
        func()

    monkeypatch.setattr(subscriptions, "on_commit", now)
    monkeypatch.setattr(tasks, "on_commit", now)


def forget_result_backend():
    """Celery caches its result backend per thread (``app._local.backend``), which
    tests/conftest.py's reset_connections does not clear: a backend made before the worker
    started (the in-memory one) would keep answering ``AsyncResult.get()`` and never see a
    result."""
    from newsroom.celery import app

    app._backend_cache = None
    if hasattr(app._local, "backend"):
        del app._local.backend


def use_celery_worker(request):
    """The celery_worker fixture, requested now (after worker_env), with results working."""
    worker = request.getfixturevalue("celery_worker")
    forget_result_backend()
    request.addfinalizer(forget_result_backend)
    return worker


@pytest.fixture(autouse=True)
def fresh_send_cache():
    """Rendered digests are shared between the batches of a send for a few minutes; tests
    that change pages between two runs must not see the previous rendering."""
    from newsletter.sending import shared

    shared.clear()
    yield
    shared.clear()
