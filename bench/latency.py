"""Measure 1: time per call, one task in sequence and many tasks sharing one client.

Every round opens each contender afresh and warms its pool; each case is then timed in slices
that the contenders take in turn, in a rotating order, so load spikes spread evenly over them.
"""

from __future__ import annotations

import asyncio
import gc
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from bench.contenders import FACTORIES, Contender
from bench.serve import Server
from bench.stats import Spread, ratios

Call = Callable[[Contender], Awaitable[Any]]

CASES: dict[str, Call] = {
    "get_document": lambda c: c.get_document(),
    "get_location_inventories": lambda c: c.get_location_inventories(),
    "search_for_product_transactions (100 items)": lambda c: c.search(100),
}


@dataclass(frozen=True)
class Plan:
    rounds: int
    # (case, concurrent tasks, calls per measurement)
    runs: list[tuple[str, int, int]]


@dataclass
class LatencyResult:
    plan: Plan
    # (contender, case, tasks) -> seconds per call, one value per round
    seconds: dict[tuple[str, str, int], list[float]] = field(default_factory=dict)

    def per_call(self, who: str, case: str, tasks: int) -> Spread:
        """Microseconds per call."""
        return Spread.of([s * 1e6 for s in self.seconds[(who, case, tasks)]])

    def vs(self, who: str, other: str, case: str, tasks: int) -> Spread:
        key = (case, tasks)
        return Spread.of(ratios(self.seconds[(who, *key)], self.seconds[(other, *key)]))


def plan(quick: bool) -> Plan:
    doc = "get_document"
    if quick:
        return Plan(3, [(doc, 1, 100), (doc, 10, 200), (doc, 100, 300)])
    return Plan(
        5,
        [
            (doc, 1, 500),
            (doc, 10, 1000),
            (doc, 100, 2000),
            ("get_location_inventories", 1, 300),
            ("search_for_product_transactions (100 items)", 1, 200),
        ],
    )


async def time_per_call(contender: Contender, call: Call, tasks: int, total: int) -> float:
    """Seconds per call when ``tasks`` workers share ``total`` calls on one client."""
    each = max(total // tasks, 1)

    async def worker() -> None:
        for _ in range(each):
            await call(contender)

    gc.collect()
    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(tasks)))
    return (time.perf_counter() - started) / (each * tasks)


async def warm_up(contender: Contender) -> None:
    """Fill the pool and load everything lazily imported before anything is timed."""
    for call in CASES.values():
        await call(contender)
    await asyncio.gather(*(contender.get_document() for _ in range(100)))


SLICES = 10  # each measurement is split into slices that the contenders take in turn


async def measure(server: Server, the_plan: Plan, log: Callable[[str], None]) -> LatencyResult:
    """Contenders run side by side: every measurement is cut into slices taken in turn (rotating
    the order), so a burst of load on this shared 2-core machine hits all of them alike."""
    result = LatencyResult(the_plan)
    names = list(FACTORIES)
    for round_no in range(the_plan.rounds):
        contenders = {who: FACTORIES[who](server) for who in names}
        try:
            for contender in contenders.values():
                await warm_up(contender)
            for case, tasks, total in the_plan.runs:
                spent = dict.fromkeys(names, 0.0)
                per_slice = max(total // SLICES, tasks)
                for slice_no in range(SLICES):
                    shift = (round_no + slice_no) % len(names)
                    for who in names[shift:] + names[:shift]:
                        spent[who] += await time_per_call(
                            contenders[who], CASES[case], tasks, per_slice
                        )
                for who in names:
                    result.seconds.setdefault((who, case, tasks), []).append(spent[who] / SLICES)
        finally:
            for contender in contenders.values():
                await contender.aclose()
        log(f"latency round {round_no + 1}/{the_plan.rounds} done")
    return result
