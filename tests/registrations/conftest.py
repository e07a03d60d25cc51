import pytest
from django.core.cache import cache

from tests.support.registrations import make_event


@pytest.fixture
def event(tree):
    """An open event with two seats and three questions, in English and Arabic."""
    return make_event(tree)


@pytest.fixture(autouse=True)
def on_commit_now(request, monkeypatch):
    """Tests run inside a transaction that never commits: hand the outbox jobs (emails) over
    at once, as a commit would. Tests on a transactional database commit for real."""
    if "transactional_db" in request.fixturenames:
        return
    from newsroom.core import outbox

    def now(func, using=None, robust=False):
        func()

    monkeypatch.setattr(outbox, "on_commit", now)


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    """The sign-up rate limit counts in the cache; every test starts from zero."""
    cache.clear()
    yield
    cache.clear()
