import pytest
from django.core.cache import cache

from tests.support.registrations import make_event


@pytest.fixture
def event(tree):
    """An open event with two seats and three questions, in English and Arabic."""
    return make_event(tree)


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    """The sign-up rate limit counts in the cache; every test starts from zero."""
    cache.clear()
    yield
    cache.clear()
