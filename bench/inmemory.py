"""Measure 1b: each SDK's own work per call, with the network taken out.

Over loopback a call costs about a millisecond, mostly in httpx and in waiting, so SDK
differences of tens of microseconds drown in the machine's noise. Here every contender gets an
in-memory transport answering the same body, and the time per call is (nearly) all CPU.
"""

from __future__ import annotations

import asyncio
import gc
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import httpx

from bench import payloads
from bench.contenders import FACTORIES
from bench.serve import Server
from bench.stats import Spread, ratios


@dataclass
class InMemoryResult:
    # contender -> µs per call, one value per round
    micros: dict[str, list[float]] = field(default_factory=dict)

    def per_call(self, who: str) -> Spread:
        return Spread.of(self.micros[who])

    def overhead(self, who: str) -> Spread:
        """µs per call above the floor, same round."""
        return Spread.of(
            [a - b for a, b in zip(self.micros[who], self.micros["floor"], strict=True)]
        )

    def vs(self, who: str, other: str) -> Spread:
        return Spread.of(ratios(self.micros[who], self.micros[other]))


async def measure(quick: bool, log: Callable[[str], None]) -> InMemoryResult:
    body = payloads.encode(payloads.bench_body("get_document"))
    nowhere = Server(9)  # URLs only; nothing listens, the transport answers
    calls, rounds = (1000, 3) if quick else (3000, 7)
    result = InMemoryResult()
    for round_no in range(rounds):
        shift = round_no % len(FACTORIES)
        names = list(FACTORIES)
        for who in names[shift:] + names[:shift]:
            transport = httpx.MockTransport(lambda request: httpx.Response(200, content=body))
            contender = FACTORIES[who](nowhere, transport)
            try:
                for _ in range(100):
                    await contender.get_document()
                gc.collect()
                started = time.perf_counter()
                for _ in range(calls):
                    await contender.get_document()
                elapsed = time.perf_counter() - started
            finally:
                await contender.aclose()
            result.micros.setdefault(who, []).append(elapsed / calls * 1e6)
    log("in-memory per-call work done")
    return result


def run(quick: bool, log: Callable[[str], None]) -> InMemoryResult:
    return asyncio.run(measure(quick, log))
