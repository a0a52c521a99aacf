"""The sliding-window limiter, alone and under 100+ concurrent calls, on a virtual clock."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import httpx
import pytest

from altegio_client import RateLimit, _client
from altegio_client._limiter import RateLimiter

from .helpers import LOCATION, envelope, make_client, virtual_time


def max_in_window(starts: list[float], width: float) -> int:
    """The most starts in any half-open window [t, t + width)."""
    ordered = sorted(starts)
    best = 0
    for i, first in enumerate(ordered):
        best = max(best, sum(1 for t in ordered[i:] if t - first < width))
    return best


def test_max_in_window_counts_sliding_windows() -> None:
    assert max_in_window([0.0, 0.5, 0.99, 1.0, 1.4], 1.0) == 4
    assert max_in_window([0.0, 1.0, 2.0], 1.0) == 1


def test_windows_include_the_margin() -> None:
    (second_cap, second), (minute_cap, minute) = RateLimit().windows()
    assert (second_cap, minute_cap) == (5, 200)
    assert (second, minute) == pytest.approx((1.1, 66.0))
    assert RateLimit(per_second=None, per_minute=10, margin=0.0).windows() == [(10, 60.0)]


async def test_limiter_spaces_bursts_by_the_window() -> None:
    # Starting at 1000.0 puts the third request exactly on a float edge: 1000.0 + 1.02 is
    # 1001.02, but 1001.02 - 1000.0 < 1.02. The limiter used to admit every request there.
    with virtual_time(start=1000.0) as clock:
        limit = RateLimit(per_second=2, per_minute=None, margin=0.02)
        limiter = RateLimiter(limit, clock=clock)
        start = clock()
        times = []
        for _ in range(5):
            await limiter.acquire()
            times.append(clock() - start)
    assert times == pytest.approx([0.0, 0.0, 1.02, 1.02, 2.04])


async def test_limiter_after_idle_spell_does_not_burst_twice() -> None:
    with virtual_time() as clock:
        limiter = RateLimiter(RateLimit(per_second=3, per_minute=None, margin=0.0), clock=clock)
        start = clock()
        await asyncio.sleep(10)
        times = []
        for _ in range(6):
            await limiter.acquire()
            times.append(clock() - start)
    # a leaky bucket would let the second 3 through right away after the idle spell
    assert times == pytest.approx([10.0, 10.0, 10.0, 11.0, 11.0, 11.0])


async def test_limiter_serves_waiters_in_arrival_order() -> None:
    with virtual_time() as clock:
        limiter = RateLimiter(RateLimit(per_second=1, per_minute=None, margin=0.0), clock=clock)
        order: list[int] = []

        async def worker(n: int) -> None:
            await limiter.acquire()
            order.append(n)

        await asyncio.gather(*(worker(n) for n in range(6)))
    assert order == [0, 1, 2, 3, 4, 5]


async def run_concurrent_calls(
    monkeypatch: pytest.MonkeyPatch, limit: RateLimit, tasks: int
) -> list[float]:
    """Send ``tasks`` concurrent calls through one client; return each request's start offset."""
    with virtual_time() as clock:
        monkeypatch.setattr(_client, "RateLimiter", lambda lim: RateLimiter(lim, clock=clock))
        start = clock()
        starts: list[float] = []

        def respond(request: httpx.Request) -> httpx.Response:
            starts.append(clock() - start)
            return envelope([{"id": 1, "title": "Main"}])

        async with make_client(respond, rate_limit=limit) as api:
            shop = api.location(LOCATION)
            results = await asyncio.gather(
                *(shop.inventory.get_location_inventories() for _ in range(tasks))
            )
    assert len(results) == tasks
    assert all(r[0].id == 1 for r in results)
    return starts


async def test_hundred_concurrent_calls_respect_both_windows(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    starts = await run_concurrent_calls(monkeypatch, RateLimit(per_second=5, per_minute=200), 100)
    assert len(starts) == 100
    assert max_in_window(starts, 1.0) == 5
    assert max_in_window(starts, 60.0) <= 200
    # and no slower than needed: batches of 5, one (widened) window apart
    second = RateLimit().windows()[0][1]
    assert sorted(starts) == pytest.approx([(k // 5) * second for k in range(100)], abs=1e-6)


async def test_minute_window_binds_after_200_requests(monkeypatch: pytest.MonkeyPatch) -> None:
    starts = await run_concurrent_calls(monkeypatch, RateLimit(per_second=5, per_minute=200), 230)
    assert max_in_window(starts, 1.0) == 5
    assert max_in_window(starts, 60.0) == 200
    ordered = sorted(starts)
    (_, second), (_, minute) = RateLimit().windows()
    assert ordered[:200] == pytest.approx([(k // 5) * second for k in range(200)], abs=1e-6)
    # request 201 waits until the first one leaves the (widened) 60 s window
    expected_tail = [minute + ((k - 200) // 5) * second for k in range(200, 230)]
    assert ordered[200:] == pytest.approx(expected_tail, abs=1e-6)


async def test_limiter_is_shared_by_with_options_copies(monkeypatch: pytest.MonkeyPatch) -> None:
    with virtual_time() as clock:
        limiter_factory: Callable[[RateLimit], RateLimiter] = lambda lim: RateLimiter(  # noqa: E731
            lim, clock=clock
        )
        monkeypatch.setattr(_client, "RateLimiter", limiter_factory)
        start = clock()
        starts: list[float] = []

        def respond(request: httpx.Request) -> httpx.Response:
            starts.append(clock() - start)
            return envelope([])

        limit = RateLimit(per_second=2, per_minute=None, margin=0.0)
        async with make_client(respond, rate_limit=limit) as api:
            copy = api.with_options(max_retries=0)
            await asyncio.gather(
                *(
                    client.location(LOCATION).inventory.get_location_inventories()
                    for client in (api, copy, api, copy)
                )
            )
    assert sorted(starts) == pytest.approx([0.0, 0.0, 1.0, 1.0])


async def test_no_rate_limit_sends_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    with virtual_time() as clock:
        start = clock()
        starts: list[float] = []

        def respond(request: httpx.Request) -> httpx.Response:
            starts.append(clock() - start)
            return envelope([])

        async with make_client(respond, rate_limit=None) as api:
            assert api.rate_limit is None
            shop = api.location(LOCATION)
            await asyncio.gather(*(shop.inventory.get_location_inventories() for _ in range(20)))
    assert starts == [0.0] * 20
