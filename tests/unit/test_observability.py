"""The seams issue 11 adds: per-attempt events, log extras, a user's httpx client, the clock."""

from __future__ import annotations

import asyncio
import logging

import httpx
import pytest

from altegio_client import (
    Altegio,
    AttemptEvent,
    Clock,
    ConfigurationError,
    RateLimit,
    RateLimiter,
    RateLimitError,
)

from .helpers import LOCATION, PARTNER, USER, Recorder, envelope, make_client


class VirtualClock:
    """A ``Clock`` whose sleeps advance it at once: minutes of waiting in no real time."""

    def __init__(self) -> None:
        self.t = 1000.0
        self.slept: list[float] = []

    def now(self) -> float:
        return self.t

    async def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.t += seconds
        await asyncio.sleep(0)


def flaky(*codes: int) -> Recorder:
    """Answers with ``codes`` in turn (then 200), each with a request id."""
    left = list(codes)

    def respond(request: httpx.Request) -> httpx.Response:
        code = left.pop(0) if left else 200
        headers = {"x-request-id": f"req-{len(left)}"}
        if code == 200:
            return envelope([{"id": 1, "title": "Main"}], headers=headers)
        return envelope(None, status=code, success=False, meta={"message": "no"}, headers=headers)

    return Recorder(respond)


async def test_every_attempt_is_an_event() -> None:
    events: list[AttemptEvent] = []
    async with make_client(flaky(503, 503), on_event=events.append) as api:
        await api.location(LOCATION).inventory.get_location_inventories()
    assert [e.attempt for e in events] == [1, 2, 3]
    assert [e.status for e in events] == [503, 503, 200]
    assert [e.request_id for e in events] == ["req-1", "req-0", "req-0"]
    assert {e.operation for e in events} == {"get_location_inventories"}
    assert events[0].retry_in == pytest.approx(0.375)  # jitter pinned by the unit conftest
    assert events[-1].retry_in is None
    assert all(e.method == "GET" and e.path == f"/api/v1/storages/{LOCATION}" for e in events)
    assert all(e.elapsed >= 0 and e.limiter_wait == 0 for e in events)


async def test_a_failing_hook_does_not_fail_the_call(caplog: pytest.LogCaptureFixture) -> None:
    def broken(event: AttemptEvent) -> None:
        raise RuntimeError("hook bug")

    async with make_client(flaky(), on_event=broken) as api:
        assert await api.location(LOCATION).inventory.get_location_inventories()
    assert "on_event hook failed" in caplog.text


async def test_log_records_carry_the_event_fields(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="altegio_client")
    async with make_client(flaky(503)) as api:
        await api.location(LOCATION).inventory.get_location_inventories()
    records = [r for r in caplog.records if r.name == "altegio_client"]
    assert [getattr(r, "altegio_status", None) for r in records] == [503, 200]
    assert [getattr(r, "altegio_attempt", None) for r in records] == [1, 2]
    assert all(getattr(r, "altegio_operation", None) == "get_location_inventories" for r in records)
    for record in records:  # no token in any field of any record
        assert PARTNER not in str(record.__dict__)
        assert USER not in str(record.__dict__)


async def test_limiter_wait_is_reported_and_runs_on_the_clock() -> None:
    clock = VirtualClock()
    assert isinstance(clock, Clock)
    events: list[AttemptEvent] = []
    limit = RateLimit(per_second=1, per_minute=None, margin=0.0)
    async with make_client(flaky(), rate_limit=limit, clock=clock, on_event=events.append) as api:
        for _ in range(3):
            await api.location(LOCATION).inventory.get_location_inventories()
    assert [e.limiter_wait for e in events] == pytest.approx([0.0, 1.0, 1.0])
    assert clock.t == pytest.approx(1002.0)


async def test_a_429_makes_every_client_on_a_shared_limiter_wait() -> None:
    clock = VirtualClock()
    shared = RateLimiter(RateLimit(per_second=100, per_minute=None), clock)
    refused = Recorder(
        lambda r: envelope(
            None, status=429, success=False, meta={"message": "slow"}, headers={"Retry-After": "7"}
        )
    )
    first = make_client(refused, rate_limiter=shared, max_retries=0)
    second = make_client(flaky(), rate_limiter=shared)
    async with first, second:
        with pytest.raises(RateLimitError):
            await first.location(LOCATION).inventory.get_location_inventories()
        before = clock.t
        await second.location(LOCATION).inventory.get_location_inventories()
    assert clock.t - before == pytest.approx(7.0)
    assert first.rate_limiter is shared
    assert second.rate_limit == shared.limit


async def test_users_own_http_client_gets_auth_headers_and_stays_open() -> None:
    rec = flaky()
    theirs = httpx.AsyncClient(transport=httpx.MockTransport(rec), base_url="http://ignored")
    async with Altegio(PARTNER, USER, http_client=theirs, rate_limit=None) as api:
        await api.location(LOCATION).inventory.get_location_inventories()
    sent = rec.last
    assert str(sent.url) == f"https://api.alteg.io/api/v1/storages/{LOCATION}"
    assert sent.headers["authorization"] == f"Bearer {PARTNER}, User {USER}"
    assert sent.headers["accept"] == "application/vnd.api.v2+json"
    assert sent.headers["user-agent"].startswith("altegio-client/")
    assert not theirs.is_closed  # it is theirs to close
    await theirs.aclose()


async def test_transport_and_http_client_together_are_refused() -> None:
    async with httpx.AsyncClient() as theirs:
        with pytest.raises(ConfigurationError):
            Altegio(PARTNER, http_client=theirs, transport=httpx.MockTransport(flaky()))
