import pytest

from newsletter.worker_cache import shared
from tests.conftest import SMTP_BACKEND, await_worker, spawn_worker

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
    return await_worker(spawn_worker(redis_url, run_id, name), name)


@pytest.fixture(autouse=True)
def on_commit_now(request, monkeypatch):
    """Tests run inside a transaction that never commits: hand the newsletter's outbox jobs
    (the confirmation, the welcome, alerts) over at once, as a commit would.
    Tests on a transactional database (real workers) commit for real and keep on_commit."""
    if "transactional_db" in request.fixturenames:
        return
    from newsroom.core import outbox

    def now(func, using=None, robust=False):
        func()

    monkeypatch.setattr(outbox, "on_commit", now)


def use_celery_worker(request):
    """The celery_worker fixture, requested now (after worker_env has set its environment)."""
    return request.getfixturevalue("celery_worker")


@pytest.fixture(autouse=True)
def fresh_send_cache():
    """Rendered digests are shared between the batches of a send for a few minutes; tests
    that change pages between two runs must not see the previous rendering."""
    shared.clear()
    yield
    shared.clear()
