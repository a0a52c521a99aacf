"""Fixtures: a fresh fake per test (replies checked against the spec) and a client on it."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from altegio_client import Altegio, LocationScope
from altegio_client.testing import DemoSeed, FakeAltegio


@pytest.fixture
def fake() -> FakeAltegio:
    return FakeAltegio(rate_limit=None, validate_responses=True)


@pytest.fixture
def demo(fake: FakeAltegio) -> DemoSeed:
    return fake.demo


@pytest.fixture
async def api(fake: FakeAltegio) -> AsyncIterator[Altegio]:
    async with Altegio(
        fake.demo.partner_token,
        fake.demo.user_token,
        transport=fake.transport,
        rate_limit=None,
        max_retries=0,
    ) as client:
        yield client


@pytest.fixture
def shop(api: Altegio, demo: DemoSeed) -> LocationScope:
    return api.location(demo.location_id)
