"""One real redis-server for this folder: started on a unix socket in a temp dir, then stopped."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from altegio_client.testing.servers import RedisServer, redis_server


@pytest.fixture(scope="session")
def redis_srv() -> Iterator[RedisServer]:
    with redis_server() as server:
        yield server


@pytest.fixture
def redis_url(redis_srv: RedisServer) -> str:
    return redis_srv.url
