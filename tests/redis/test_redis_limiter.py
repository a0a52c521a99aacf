"""RedisRateLimiter against a real redis-server: windows, pending places, cool-down, expiry."""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from redis.asyncio import Redis

from altegio_client import (
    Altegio,
    RateLimit,
    RateLimiter,
    RateLimiterUnavailableError,
    RedisRateLimiter,
)
from altegio_client._limiting import HoldBack

HEADERS_SENT = "http11.send_request_headers.started"


def request() -> httpx.Request:
    return httpx.Request("GET", "http://127.0.0.1/")


@pytest.fixture
async def redis(redis_url: str) -> AsyncIterator[Redis]:
    client = Redis.from_url(redis_url)
    yield client
    await client.aclose()


def limiter(redis: Redis, **options: Any) -> RedisRateLimiter:
    """A limiter on a budget no other test uses."""
    options.setdefault("limit", RateLimit(per_second=5, per_minute=8))
    return RedisRateLimiter(redis, budget=uuid.uuid4().hex, **options)


async def send(lim: RedisRateLimiter, stamps: list[float] | None = None) -> None:
    """Take a place and 'send': fire the trace event the way httpcore does."""
    req = request()
    async with lim.slot(req):
        if stamps is not None:
            stamps.append(time.monotonic())
        await req.extensions["trace"](HEADERS_SENT, {})


async def window_stamps(redis: Redis, lim: RedisRateLimiter, period: int) -> list[float]:
    key = next(k for k in lim.keys if k.endswith(f":{period}s"))
    pairs = await redis.zrange(key, 0, -1, withscores=True)
    return [float(pair[1]) / 1e6 for pair in pairs]


async def test_both_windows_bind_and_stamps_use_redis_time(redis: Redis) -> None:
    lim = limiter(redis, margin=0.05)
    await asyncio.gather(*(send(lim) for _ in range(8)))
    stamps = await window_stamps(redis, lim, 60)
    assert len(stamps) == 8
    # five in the first second, the next three one widened second later
    assert stamps[4] - stamps[0] < 0.5
    assert stamps[5] - stamps[0] >= 1.05
    server_now = float((await redis.time())[0])
    assert abs(stamps[-1] - server_now) < 5
    # the minute window is full: a ninth place is not granted within the next half second
    with pytest.raises(TimeoutError):
        await asyncio.wait_for(send(lim), 0.5)


async def test_many_limiters_racing_never_exceed_the_window(redis: Redis) -> None:
    budget = uuid.uuid4().hex
    limit = RateLimit(per_second=10, per_minute=1000)
    fleet = [RedisRateLimiter(redis, budget=budget, limit=limit, margin=0.0) for _ in range(4)]
    await asyncio.gather(*(send(fleet[n % 4]) for n in range(35)))
    stamps = await window_stamps(redis, fleet[0], 60)
    assert len(stamps) == 35
    most = max(sum(1 for t in stamps if s <= t < s + 1.0) for s in stamps)
    assert most == 10


async def test_a_pending_place_counts_until_it_is_sent(redis: Redis) -> None:
    lim = limiter(redis, limit=RateLimit(per_second=1, per_minute=None), margin=0.0)
    first = request()
    second_started: list[float] = []

    async def second() -> None:
        await send(lim, second_started)

    async with lim.slot(first):
        started = time.monotonic()
        waiting = asyncio.create_task(second())
        await asyncio.sleep(0.3)  # a slow connect: the place is held, nobody else gets it
        assert not second_started
        await first.extensions["trace"](HEADERS_SENT, {})
    await waiting
    assert second_started[0] - started >= 1.25  # one second from when the first one left


async def test_a_dead_workers_pending_places_expire_after_the_lease(redis: Redis) -> None:
    budget = uuid.uuid4().hex
    limit = RateLimit(per_second=2, per_minute=None)
    dead = RedisRateLimiter(redis, budget=budget, limit=limit, lease=0.5, margin=0.0)
    for n in range(2):  # what a crashed worker leaves: granted places, never sent
        await dead._take(f"dead:{n}")
    alive = RedisRateLimiter(redis, budget=budget, limit=limit, margin=0.0)
    started = time.monotonic()
    await send(alive)
    assert 0.4 <= time.monotonic() - started < 1.5
    # Every key the budget uses expires on its own, at the latest a second after the longest
    # lease in use (alive's 10 s: its own place may still be pending on a loaded machine).
    for key in alive.keys:
        assert await redis.pttl(key) in (-2, *range(1, 11_001))


async def test_cool_down_holds_every_limiter_on_the_budget(redis: Redis) -> None:
    budget = uuid.uuid4().hex
    one = RedisRateLimiter(redis, budget=budget, limit=RateLimit(5, 200))
    other = RedisRateLimiter(redis, budget=budget, limit=RateLimit(5, 200))
    await one.cool_down(0.6)
    started = time.monotonic()
    await send(other)
    assert time.monotonic() - started >= 0.55


async def test_a_place_granted_before_a_429_is_held_back_before_sending(redis: Redis) -> None:
    lim = limiter(redis)
    req = request()
    async with lim.slot(req):
        await lim.cool_down(0.4)  # another worker saw a 429 while this one was connecting
        with pytest.raises(HoldBack):
            await req.extensions["trace"](HEADERS_SENT, {})
    stamps = await window_stamps(redis, lim, 1)
    assert stamps == []  # it was given back, not counted


async def test_trace_hook_already_on_the_request_still_runs(redis: Redis) -> None:
    lim = limiter(redis)
    seen: list[str] = []

    async def theirs(name: str, info: dict[str, Any]) -> None:
        seen.append(name)

    req = request()
    req.extensions["trace"] = theirs
    async with lim.slot(req):
        await req.extensions["trace"](HEADERS_SENT, {})
    assert seen == [HEADERS_SENT]
    assert req.extensions["trace"] is theirs


def ok(request: httpx.Request) -> httpx.Response:
    return httpx.Response(200, json={"success": True, "data": [], "meta": []})


async def test_redis_down_is_a_typed_error(tmp_path: Any) -> None:
    lim = RedisRateLimiter(f"unix://{tmp_path}/nothing.sock", budget="b")
    async with Altegio("p", "u", transport=httpx.MockTransport(ok), rate_limiter=lim) as api:
        with pytest.raises(RateLimiterUnavailableError, match="Redis unreachable"):
            await api.location(1).inventory.get_location_inventories()
    await lim.aclose()


async def test_redis_down_falls_back_to_the_local_limiter_when_asked(tmp_path: Any) -> None:
    local = RateLimiter(RateLimit(per_second=2, per_minute=None, margin=0.0))
    lim = RedisRateLimiter(f"unix://{tmp_path}/nothing.sock", budget="b", fallback=local)
    async with Altegio("p", "u", transport=httpx.MockTransport(ok), rate_limiter=lim) as api:
        started = time.monotonic()
        for _ in range(3):
            assert await api.location(1).inventory.get_location_inventories() == []
        assert time.monotonic() - started >= 0.9  # paced by the fallback: 2 per second
    await lim.aclose()
