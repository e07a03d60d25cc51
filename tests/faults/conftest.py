import pytest

from tests.support.redis_server import RedisServer


@pytest.fixture
def private_redis(tmp_path):
    """A redis-server of this test's own on a free port, killed at the end."""
    server = RedisServer(tmp_path).start()
    yield server
    server.kill()
