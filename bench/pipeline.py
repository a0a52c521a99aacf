"""Measure 4: many tasks sharing one client against a server that enforces a (scaled) rate limit.

Efficiency = (calls / limit) / wall time, i.e. 1.0 when the client sends at exactly the limit on
average. Because a sliding window lets the first ``limit`` calls go at once, the best possible
wall time for N calls is (N - limit) / limit seconds, so a perfect client scores N / (N - limit)
on that definition; both numbers are reported. The peer has no client-side limiter: it is run the
same way to show what the server answers when nothing paces the calls.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from altegio_client import RateLimit
from bench.contenders import Contender, Ours, Peer
from bench.serve import Server
from bench.stats import Spread

LIMIT = 50  # requests per second, the vendor's 5/s scaled up so a run takes seconds
CALLS = 500
TASKS = 100


@dataclass
class PipelineRun:
    wall: float
    rate_limited: int
    failed: int


@dataclass
class PipelineResult:
    limit: int = LIMIT
    calls: int = CALLS
    tasks: int = TASKS
    runs: dict[str, list[PipelineRun]] = field(default_factory=dict)

    def efficiency(self, who: str) -> Spread:
        return Spread.of([(self.calls / self.limit) / run.wall for run in self.runs[who]])

    def window_efficiency(self, who: str) -> Spread:
        best = (self.calls - self.limit) / self.limit
        return Spread.of([best / run.wall for run in self.runs[who]])

    def wall(self, who: str) -> Spread:
        return Spread.of([run.wall for run in self.runs[who]])


async def drive(contender: Contender, calls: int, tasks: int) -> tuple[float, int]:
    """Run ``calls`` get_document calls from ``tasks`` tasks; (wall seconds, failed calls)."""
    each = calls // tasks
    failed = 0

    async def worker() -> None:
        nonlocal failed
        for _ in range(each):
            try:
                await contender.get_document()
            except Exception:  # a failed call is counted, not fatal: that is the measurement
                failed += 1

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(tasks)))
    return time.perf_counter() - started, failed


async def measure(server: Server, quick: bool, log: Callable[[str], None]) -> PipelineResult:
    result = PipelineResult()
    rounds = 1 if quick else 3
    makers: dict[str, Callable[[], Contender]] = {
        "ours": lambda: Ours(server, rate_limit=RateLimit(per_second=LIMIT, per_minute=None)),
    }
    if not quick:  # the peer's run is a contrast, not a target; the quick run skips it
        makers["peer"] = lambda: Peer(server)
    # All of our runs first: the peer's flood of 429s can leave the server busy with stale
    # requests for a moment, which must not count against the next run.
    for who, make in makers.items():
        for round_no in range(rounds):
            await asyncio.sleep(1.1)  # let the server's window empty
            server.reset()
            contender = make()
            try:
                wall, failed = await drive(contender, result.calls, result.tasks)
            finally:
                await contender.aclose()
            stats = server.stats()
            run = PipelineRun(wall, stats["rate_limited"], failed)
            result.runs.setdefault(who, []).append(run)
            log(f"pipeline {who} run {round_no + 1}/{rounds} done")
    return result
