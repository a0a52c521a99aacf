"""Measure 5: worker processes sharing one RedisRateLimiter, long enough for the minute to bind.

Four processes of 25 tasks each call ``get_location_inventories`` through one
``RedisRateLimiter`` budget against the bench server, which enforces both windows (scaled to
50/s and 2000/min, the vendor's 5/s and 200/min times ten). 2400 calls: the first 2000 go at
the per-second pace, then the minute window holds everyone until the first of them are a
minute old. Efficiency = calls ÷ the most the server's exact windows let through in the same
elapsed time (``most_allowed``: the earliest possible schedule), so a perfect client scores 1.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field

from altegio_client import RateLimit
from altegio_client.testing.fleet import most_allowed, run_fleet
from altegio_client.testing.servers import redis_server
from bench.serve import running_server
from bench.stats import Spread

LIMIT = RateLimit(per_second=50, per_minute=2000)
PROCESSES, TASKS = 4, 25


@dataclass
class FleetRun:
    calls: int
    wall: float
    allowed: int
    rate_limited: int
    failed: int

    @property
    def efficiency(self) -> float:
        return self.calls / self.allowed


@dataclass
class FleetBench:
    limit: RateLimit = LIMIT
    processes: int = PROCESSES
    tasks: int = TASKS
    calls: int = 0
    runs: list[FleetRun] = field(default_factory=list)

    def efficiency(self) -> Spread:
        return Spread.of([r.efficiency for r in self.runs])

    def wall(self) -> Spread:
        return Spread.of([r.wall for r in self.runs])


def measure(quick: bool, log: Callable[[str], None]) -> FleetBench:
    per_task = 24  # 4 x 25 x 24 = 2400 calls: 400 past the minute budget
    result = FleetBench(calls=PROCESSES * TASKS * per_task)
    rounds = 1 if quick else 2
    with redis_server() as redis:
        for round_no in range(rounds):
            with running_server(LIMIT.per_second, LIMIT.per_minute) as server:
                info = {
                    "base_url": server.base_url,
                    "partner_token": "bench",
                    "user_token": "bench",
                    "location_ids": [1, 2, 3, 4],
                }
                fleet = asyncio.run(
                    run_fleet(
                        redis_url=redis.url,
                        info=info,
                        processes=PROCESSES,
                        tasks=TASKS,
                        calls=per_task,
                        limit=LIMIT,
                        budget=f"bench-{round_no}",
                        deadline=300,
                    )
                )
                stats = server.stats()
            run = FleetRun(
                calls=fleet.ok,
                wall=fleet.elapsed,
                allowed=most_allowed(LIMIT, fleet.elapsed),
                rate_limited=stats["rate_limited"],
                failed=fleet.failed,
            )
            result.runs.append(run)
            log(
                f"fleet run {round_no + 1}/{rounds}: {run.calls} calls in {run.wall:.1f} s, "
                f"efficiency {run.efficiency:.3f}, {run.rate_limited} x 429"
            )
    return result
