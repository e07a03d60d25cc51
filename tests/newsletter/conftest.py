import pytest

from newsletter.sending import shared

# The SMTP sink fixtures (``sink``, ``smtp``) live in tests/conftest.py: registrations use them too.


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


@pytest.fixture(autouse=True)
def fresh_send_cache():
    """Rendered digests are shared between the batches of a send for a few minutes; tests
    that change pages between two runs must not see the previous rendering."""
    shared.clear()
    yield
    shared.clear()
