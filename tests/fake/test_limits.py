"""The fake's server-side rate limit: the vendor's sliding windows and 429 + Retry-After."""

from __future__ import annotations

import time

import pytest

from altegio_client import Altegio, RateLimit, RateLimitError
from altegio_client.testing import FakeAltegio


class _Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


async def _storages(api: Altegio, location_id: int) -> int:
    return len(await api.location(location_id).inventory.get_location_inventories())


async def test_sixth_request_in_a_second_is_429_with_retry_after() -> None:
    clock = _Clock()
    fake = FakeAltegio(validate_responses=True, rate_clock=clock)  # vendor limits: 5/s, 200/min
    location_id = fake.demo.location_id
    async with fake.client(max_retries=0) as api:
        for _ in range(5):
            assert await _storages(api, location_id) == 2
        with pytest.raises(RateLimitError) as caught:
            await _storages(api, location_id)
        assert caught.value.retry_after == 1
        assert caught.value.body["meta"]["message"] == "Too many requests"

        clock.now += 1.0  # the one-second window has slid past the first five
        assert await _storages(api, location_id) == 2


async def test_minute_window_and_retry_after_in_whole_seconds() -> None:
    clock = _Clock()
    fake = FakeAltegio(
        rate_limit=RateLimit(per_second=None, per_minute=3),
        validate_responses=True,
        rate_clock=clock,
    )
    async with fake.client(max_retries=0) as api:
        for _ in range(3):
            await _storages(api, fake.demo.location_id)
            clock.now += 10
        with pytest.raises(RateLimitError) as caught:
            await _storages(api, fake.demo.location_id)
        assert caught.value.retry_after == 30  # the first request leaves the window at +60 s
        clock.now += 30
        assert await _storages(api, fake.demo.location_id) == 2


async def test_client_retry_honours_the_fakes_retry_after() -> None:
    # Real clock: the client sleeps the Retry-After it is given, then gets through.
    fake = FakeAltegio(rate_limit=RateLimit(per_second=1, per_minute=None))
    async with fake.client(max_retries=1) as api:
        await _storages(api, fake.demo.location_id)
        started = time.monotonic()
        raw = await api.location(
            fake.demo.location_id
        ).inventory.with_raw_response.get_location_inventories()
        waited = time.monotonic() - started
    assert raw.retries == 1
    assert 0.9 <= waited < 5


async def test_rate_limit_none_never_answers_429() -> None:
    fake = FakeAltegio(rate_limit=None)
    async with fake.client(max_retries=0) as api:
        answers = [await _storages(api, fake.demo.location_id) for _ in range(30)]
    assert answers == [2] * 30
