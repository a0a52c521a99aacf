"""The worker demo's task, run directly against the fake, and the efficiency yardstick."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from altegio_client import RateLimit
from altegio_client.testing import FakeAltegio
from altegio_client.testing.fleet import most_allowed
from altegio_client.testing.serve import seed_locations


async def test_sync_task_writes_each_locations_stock(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    results = tmp_path / "stock.jsonl"
    monkeypatch.setenv("STOCK_RESULTS", str(results))
    from examples import stock_tasks

    fake = FakeAltegio(rate_limit=None, validate_responses=True)
    locations = seed_locations(fake, 3)
    async with fake.client() as api:
        outcomes = [
            await stock_tasks.sync_location_stock.original_func(location, api)
            for location in locations
        ]
    assert [o["location_id"] for o in outcomes] == locations
    assert all(o["calls"] == 5 for o in outcomes)  # storages, products, three products
    rows = [json.loads(line) for line in results.read_text().splitlines()]
    assert [r["location_id"] for r in rows] == locations
    second = rows[1]
    assert second["storages"] == 2
    # seed_locations gives location n product k stock 5 + n + k in its first storage
    retail = sorted(s["amount"] for s in second["stock"] if s["amount"] >= 5)
    assert retail == [6, 7, 8]


def test_most_allowed_follows_the_earliest_schedule() -> None:
    vendor = RateLimit(per_second=5, per_minute=200)
    assert most_allowed(vendor, 0.0) == 5  # the first burst
    assert most_allowed(vendor, 0.99) == 5
    assert most_allowed(vendor, 1.0) == 10
    assert most_allowed(vendor, 59.9) == 200  # the minute window binds at 40 s
    assert most_allowed(vendor, 60.0) == 205
