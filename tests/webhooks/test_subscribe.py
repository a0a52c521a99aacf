"""Subscribing merges with the location's settings instead of replacing other URLs."""

from __future__ import annotations

import warnings

import pytest

from altegio_client import InvalidRequestError
from altegio_client.testing import FakeAltegio
from altegio_client.webhooks import EVENTS, SharedSettingsWarning, subscribe, unsubscribe

OURS = "https://ours.example/hooks"
THEIRS = "https://another-app.example/hooks"


@pytest.fixture
def fake() -> FakeAltegio:
    return FakeAltegio(rate_limit=None)


async def test_first_subscription_sets_our_url_and_events(fake: FakeAltegio) -> None:
    async with fake.client(max_retries=0) as api:
        shop = api.location(fake.demo.location_id)
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # nobody else is subscribed: nothing to warn about
            settings = await subscribe(shop, OURS, events=["goods_operations_sale", "good"])
    assert settings.urls == [OURS]
    assert (settings.active, settings.goods_operations_sale, settings.good) == (1, 1, 1)
    stored = fake.store.hooks_settings[fake.demo.location_id]
    assert {name for name in EVENTS if stored.get(name)} == {"goods_operations_sale", "good"}


async def test_other_applications_urls_and_flags_are_kept_with_a_warning(
    fake: FakeAltegio,
) -> None:
    fake.store.hooks_settings[fake.demo.location_id] = {
        "urls": [THEIRS],
        "active": 1,
        "record": 1,
    }
    async with fake.client(max_retries=0) as api:
        shop = api.location(fake.demo.location_id)
        with pytest.warns(SharedSettingsWarning, match="1 other URL"):
            await subscribe(shop, OURS, events=["good"])
        stored = fake.store.hooks_settings[fake.demo.location_id]
        assert stored["urls"] == [THEIRS, OURS]
        assert (stored["record"], stored["good"]) == (1, 1)  # their flag survives

        await unsubscribe(shop, OURS)
    stored = fake.store.hooks_settings[fake.demo.location_id]
    assert stored["urls"] == [THEIRS]
    assert stored["record"] == 1


async def test_unknown_events_and_too_many_urls_are_refused(fake: FakeAltegio) -> None:
    fake.store.hooks_settings[fake.demo.location_id] = {
        "urls": [f"https://app{n}.example/" for n in range(10)],
        "active": 1,
    }
    async with fake.client(max_retries=0) as api:
        shop = api.location(fake.demo.location_id)
        with pytest.raises(InvalidRequestError, match="unknown webhook events"):
            await subscribe(shop, OURS, events=["goods_sold"])
        with pytest.raises(InvalidRequestError, match="at most 10"):
            await subscribe(shop, OURS, events=["good"])
    assert len(fake.store.hooks_settings[fake.demo.location_id]["urls"]) == 10
