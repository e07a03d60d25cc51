from tests.faults.redis_server import private_redis  # noqa: F401 - the fixture
