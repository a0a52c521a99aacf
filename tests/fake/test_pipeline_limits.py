"""A pipeline of 100 concurrent tasks stays under the server's limits: not a single 429.

Real time, real limiter, the fake enforcing exact sliding windows. The limits are scaled up
(50/s instead of 5/s) so the run takes about two seconds instead of twenty; the shape of the
guarantee is the same.
"""

from __future__ import annotations

import asyncio
import time

from altegio_client import Altegio, RateLimit
from altegio_client.testing import FakeAltegio


async def test_hundred_tasks_never_draw_a_429() -> None:
    limit = RateLimit(per_second=50, per_minute=None)
    fake = FakeAltegio(rate_limit=limit)
    demo = fake.demo
    async with Altegio(
        demo.partner_token,
        demo.user_token,
        transport=fake.transport,
        rate_limit=limit,
        max_retries=0,  # a 429 would raise RateLimitError instead of being retried away
    ) as api:
        shop = api.location(demo.location_id)
        started = time.monotonic()
        results = await asyncio.gather(
            *(shop.inventory.get_location_inventories() for _ in range(100))
        )
        elapsed = time.monotonic() - started
    assert all(len(storages) == len(demo.storage_ids) for storages in results)
    # 100 calls at 50 per second: the first 50 go at once, so at least one window must pass.
    assert elapsed >= 1.0
