import pytest

from newsletter.worker_cache import shared

# The SMTP sink fixtures (``sink``, ``smtp``) live in tests/conftest.py: registrations use them too.


@pytest.fixture(autouse=True)
def fresh_send_cache():
    """Rendered digests are shared between the batches of a send for a few minutes; tests
    that change pages between two runs must not see the previous rendering."""
    shared.clear()
    yield
    shared.clear()
