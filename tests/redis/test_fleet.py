"""The guarantee across processes: worker processes sharing one RedisRateLimiter against the
served fake, which enforces exact sliding windows per client address (all of them: 127.0.0.1).

Limits are scaled up (50/s) so a run takes seconds; the windows are real time, read from Redis.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator

import pytest

from altegio_client import Altegio, RateLimit, RateLimitError
from altegio_client.testing.fleet import run_fleet
from altegio_client.testing.servers import FakeServer, RedisServer, fake_server

PER_SECOND = 30
LIMIT = RateLimit(per_second=PER_SECOND, per_minute=2000)


@pytest.fixture(scope="module")
def server() -> Iterator[FakeServer]:
    with fake_server(per_second=PER_SECOND, per_minute=2000, locations=4) as served:
        yield served


@pytest.fixture
def fresh(server: FakeServer) -> FakeServer:
    time.sleep(1.2)  # the previous test's requests leave the server's one-second window
    server.reset()
    return server


async def test_four_processes_of_25_tasks_draw_no_429(
    redis_srv: RedisServer, fresh: FakeServer
) -> None:
    fleet = await run_fleet(
        redis_url=redis_srv.url, info=fresh.info, processes=4, tasks=25, calls=2, limit=LIMIT
    )
    stats = fresh.stats()
    assert fleet.failed == 0
    assert fleet.ok == 200
    assert stats["rate_limited"] == 0, stats
    assert stats["requests"] == 200
    # and it kept up with the limit: 200 calls need 6 more windows after the first burst
    assert fleet.elapsed < 6 * 1.1 + 6, fleet.elapsed


async def test_a_foreign_client_costs_at_most_three_429s_after_the_first(
    redis_srv: RedisServer, fresh: FakeServer
) -> None:
    info = fresh.info
    foreign_429 = 0

    async def foreign() -> None:
        """No shared limiter: eats part of the budget in one burst while the fleet runs."""
        nonlocal foreign_429
        await asyncio.sleep(1.5)  # the fleet is well into its run
        async with Altegio(
            info["partner_token"],
            info["user_token"],
            base_url=info["base_url"],
            rate_limit=None,
            max_retries=0,
        ) as api:
            shop = api.location(info["location_ids"][0])
            results = await asyncio.gather(
                *(shop.inventory.get_location_inventories() for _ in range(PER_SECOND - 3)),
                return_exceptions=True,
            )
        foreign_429 = sum(isinstance(r, RateLimitError) for r in results)

    # The fleet paces itself well below the server's limit. Requests already on the wire when
    # the window fills cannot be called back, so how many 429s follow the first one is about
    # rate x latency; 8/s keeps that under three even when this host is busy.
    fleet = await run_fleet(
        redis_url=redis_srv.url,
        info=info,
        processes=4,
        tasks=15,
        calls=1,
        limit=RateLimit(per_second=8, per_minute=2000),
        budget="foreign",
        during=foreign,
    )
    stats = fresh.stats()
    assert fleet.failed == 0  # every 429 was retried after the cool-down, and went through
    assert fleet.ok == 60
    assert fleet.rate_limited <= 4, fleet.workers  # the first one, then at most three more
    assert stats["rate_limited"] == fleet.rate_limited + foreign_429
    assert foreign_429 > 0  # the burst did overfill the window: the scenario happened


async def test_a_killed_worker_does_not_stall_the_others(
    redis_srv: RedisServer, fresh: FakeServer
) -> None:
    fleet = await run_fleet(
        redis_url=redis_srv.url,
        info=fresh.info,
        processes=4,
        tasks=25,
        calls=2,
        limit=LIMIT,
        budget="killed",
        lease=1.0,
        hold=PER_SECOND,  # a fifth process takes a whole second's places and hangs...
        kill_after={3: 1.0, 4: 0.3},  # ...then dies; worker 3 is killed mid-run too
    )
    stats = fresh.stats()
    assert sorted(fleet.killed) == [3, 4]
    assert sorted(fleet.workers) == [0, 1, 2]
    assert fleet.failed == 0
    assert fleet.ok == 150
    assert stats["rate_limited"] == 0, stats
    # the dead holder's places come back after their 1 s lease and the killed worker's sent
    # requests leave the window like anyone's: the survivors need the time their 150 calls
    # take at 30 per (widened) second, plus that lease, plus slack for a busy host
    assert fleet.elapsed < 150 / PER_SECOND * 1.2 + 1.0 + 6, fleet.elapsed
