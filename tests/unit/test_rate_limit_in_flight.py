"""The limiter counts a request from when it is written, and holds its place while in flight."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from altegio_client import RateLimit, _client
from altegio_client._limiter import RateLimiter

from .helpers import LOCATION, PARTNER, USER, envelope, virtual_time


def one_per_second(clock: object) -> RateLimiter:
    assert callable(clock)
    return RateLimiter(RateLimit(per_second=1, per_minute=None, margin=0.0), clock=clock)


async def write_at(request: httpx.Request, delay: float) -> None:
    """What httpcore does: report the headers being written, here after ``delay`` seconds."""
    await asyncio.sleep(delay)
    await request.extensions["trace"]("http11.send_request_headers.started", {})


async def test_slot_counts_from_when_the_request_was_written() -> None:
    with virtual_time() as clock:
        limiter = one_per_second(clock)
        start = clock()
        first = httpx.Request("GET", "http://127.0.0.1/")
        async with limiter.slot(first):
            await write_at(first, 0.3)  # e.g. a slow connect before the bytes leave
        async with limiter.slot(httpx.Request("GET", "http://127.0.0.1/")):
            second_start = clock() - start
    assert second_start == pytest.approx(1.3)


async def test_slot_without_trace_events_counts_from_completion() -> None:
    with virtual_time() as clock:
        limiter = one_per_second(clock)
        start = clock()
        async with limiter.slot(httpx.Request("GET", "http://127.0.0.1/")):
            await asyncio.sleep(0.4)
        async with limiter.slot(httpx.Request("GET", "http://127.0.0.1/")):
            second_start = clock() - start
    assert second_start == pytest.approx(1.4)


async def test_a_slow_reply_does_not_hold_the_next_window() -> None:
    with virtual_time() as clock:
        limiter = one_per_second(clock)
        start = clock()
        starts: list[float] = []

        async def call(duration: float) -> None:
            request = httpx.Request("GET", "http://127.0.0.1/")
            async with limiter.slot(request):
                starts.append(clock() - start)
                await write_at(request, 0.0)
                await asyncio.sleep(duration)

        await asyncio.gather(call(3.0), call(0.0))
    # written at 0.0: that is when it counts; waiting 3 s for its reply holds nothing back
    assert starts == pytest.approx([0.0, 1.0])


async def test_failed_attempt_releases_its_place() -> None:
    with virtual_time() as clock:
        limiter = one_per_second(clock)
        start = clock()
        with pytest.raises(RuntimeError):
            async with limiter.slot(httpx.Request("GET", "http://127.0.0.1/")):
                raise RuntimeError("connection reset")
        await asyncio.wait_for(limiter.acquire(), timeout=5)
    assert clock() - start == pytest.approx(1.0)


class SlowFirstConnect(httpx.AsyncBaseTransport):
    """Writes the first request after a 0.5 s connect and every later one at once, as httpcore
    does for a cold pool; records when each request was written (when the server would see it)."""

    def __init__(self, clock: object) -> None:
        assert callable(clock)
        self.clock = clock
        self.written: list[float] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        await write_at(request, 0.5 if not self.written else 0.0)
        self.written.append(self.clock())
        return envelope([])


async def test_client_spaces_requests_by_when_they_were_written(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with virtual_time() as clock:
        monkeypatch.setattr(_client, "RateLimiter", lambda lim: RateLimiter(lim, clock=clock))
        transport = SlowFirstConnect(clock)
        limit = RateLimit(per_second=1, per_minute=None, margin=0.0)
        async with _client.Altegio(PARTNER, USER, transport=transport, rate_limit=limit) as api:
            shop = api.location(LOCATION)
            await asyncio.gather(*(shop.inventory.get_location_inventories() for _ in range(3)))
    gaps = [b - a for a, b in zip(transport.written, transport.written[1:], strict=False)]
    # stamped when the slot was granted, the second request would follow the first by 0.5 s
    assert gaps == pytest.approx([1.0, 1.0])
