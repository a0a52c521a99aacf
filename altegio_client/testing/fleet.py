"""A fleet of worker processes sharing one ``RedisRateLimiter``: the multi-process harness.

Each worker (``python -m altegio_client.testing.fleet ...``) opens one ``Altegio`` on the shared
budget, runs ``tasks`` concurrent tasks of ``calls`` GETs each against a served fake, and prints
one JSON line: calls that succeeded and failed, the statuses of every attempt (from
``on_event``), and when it started and finished. ``run_fleet`` starts N of them together and
gathers what they report; the tests and the benchmark build their proofs on it.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from contextlib import AsyncExitStack
from dataclasses import dataclass, field
from typing import Any

import httpx

from .._client import Altegio
from .._errors import AltegioError
from .._events import AttemptEvent
from .._limiter import RateLimit

__all__ = ["FleetResult", "WorkerResult", "most_allowed", "run_fleet"]


def most_allowed(limit: RateLimit, seconds: float) -> int:
    """The most requests the server's exact windows let through in ``seconds``.

    The earliest schedule is the best one: request k goes as soon as every window allows it
    (the first ``per_second`` at once, and so on). Efficiency is calls ÷ this number.
    """
    windows = [(n, p) for n, p in ((limit.per_second, 1.0), (limit.per_minute, 60.0)) if n]
    times: list[float] = []
    while True:
        t = times[-1] if times else 0.0
        for capacity, period in windows:
            if len(times) >= capacity:
                t = max(t, times[-capacity] + period)
        if t > seconds:
            return len(times)
        times.append(t)


@dataclass
class WorkerResult:
    ok: int
    failed: int
    statuses: dict[str, int]
    started: float
    finished: float
    limiter_wait: float
    errors: list[str] = field(default_factory=list)

    @property
    def rate_limited(self) -> int:
        return self.statuses.get("429", 0)


@dataclass
class FleetResult:
    workers: dict[int, WorkerResult]
    killed: list[int]
    started: float

    @property
    def ok(self) -> int:
        return sum(w.ok for w in self.workers.values())

    @property
    def failed(self) -> int:
        return sum(w.failed for w in self.workers.values())

    @property
    def rate_limited(self) -> int:
        return sum(w.rate_limited for w in self.workers.values())

    @property
    def attempts(self) -> int:
        return sum(sum(w.statuses.values()) for w in self.workers.values())

    @property
    def elapsed(self) -> float:
        """From the first worker's start to the last worker's last response."""
        first = min(w.started for w in self.workers.values())
        return max(w.finished for w in self.workers.values()) - first


async def run_fleet(
    *,
    redis_url: str,
    info: dict[str, Any],
    processes: int = 4,
    tasks: int = 25,
    calls: int = 3,
    limit: RateLimit,
    margin: float = 0.05,
    budget: str = "fleet",
    lease: float = 10.0,
    hold: int = 0,
    kill_after: dict[int, float] | None = None,
    during: Callable[[], Awaitable[object]] | None = None,
    deadline: float = 120,
) -> FleetResult:
    """Start ``processes`` workers at one agreed moment; SIGKILL worker i after kill_after[i] s.

    With ``hold`` > 0 one more process (index ``processes``) takes that many places at the start
    and never sends: a worker that hangs or dies between taking a place and sending; give it a
    ``kill_after`` entry. ``during()`` is awaited once every worker has started.
    """
    start_at = time.time() + 1.0 + 0.25 * processes  # time for every interpreter to import
    argv = [
        "--redis", redis_url,
        "--base-url", info["base_url"],
        "--budget", budget,
        "--per-second", str(limit.per_second or 0),
        "--per-minute", str(limit.per_minute or 0),
        "--margin", str(margin),
        "--lease", str(lease),
        "--tasks", str(tasks),
        "--calls", str(calls),
        "--start-at", repr(start_at),
    ]  # fmt: skip
    env = {
        **os.environ,
        "ALTEGIO_PARTNER_TOKEN": info["partner_token"],
        "ALTEGIO_USER_TOKEN": info["user_token"],
        "FLEET_LOCATIONS": ",".join(str(i) for i in info["location_ids"]),
    }
    procs = [
        await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "altegio_client.testing.fleet",
            *argv,
            *(["--hold", str(hold)] if index == processes else []),
            env=env,
            stdout=asyncio.subprocess.PIPE,
        )
        for index in range(processes + (1 if hold else 0))
    ]
    killed: list[int] = []
    started = [asyncio.Event() for _ in procs]

    async def read(index: int) -> bytes:
        stream = procs[index].stdout
        assert stream is not None
        await stream.readline()  # "started": the worker is past its imports and at work
        started[index].set()
        out = await stream.read()
        await procs[index].wait()
        return out

    async def kill_later(index: int, delay: float) -> None:
        await started[index].wait()
        await asyncio.sleep(delay)
        procs[index].kill()
        killed.append(index)

    async def run_during() -> None:
        assert during is not None
        await asyncio.gather(*(event.wait() for event in started))
        await during()

    killers = [asyncio.create_task(kill_later(i, d)) for i, d in (kill_after or {}).items()]
    if during is not None:
        killers.append(asyncio.create_task(run_during()))
    try:
        outputs = await asyncio.wait_for(
            asyncio.gather(*(read(i) for i in range(len(procs)))), deadline
        )
        for helper in killers:
            await helper  # a failure in ``during`` is the caller's to see
    finally:
        for proc in procs:
            if proc.returncode is None:
                proc.kill()
                await proc.wait()
        for killer in killers:
            killer.cancel()
    workers: dict[int, WorkerResult] = {}
    for index, out in enumerate(outputs):
        if index in killed:
            continue
        if procs[index].returncode != 0:
            raise RuntimeError(f"fleet worker {index} exited with {procs[index].returncode}")
        workers[index] = WorkerResult(**json.loads(out.decode().strip().splitlines()[-1]))
    return FleetResult(workers, killed, start_at)


async def _work(args: argparse.Namespace) -> WorkerResult:
    from .._redis_limiter import RedisRateLimiter

    limit = RateLimit(args.per_second or None, args.per_minute or None)
    limiter = RedisRateLimiter(
        args.redis, budget=args.budget, limit=limit, margin=args.margin, lease=args.lease
    )
    if args.hold:
        await asyncio.sleep(max(0.0, args.start_at - time.time()))
        async with AsyncExitStack() as stack:
            for _ in range(args.hold):
                await stack.enter_async_context(limiter.slot(httpx.Request("GET", args.base_url)))
            print("started", flush=True)
            await asyncio.sleep(3600)  # until killed
    statuses: Counter[str] = Counter()
    waited = [0.0]

    def on_event(event: AttemptEvent) -> None:
        statuses[str(event.status or event.error)] += 1
        waited[0] += event.limiter_wait

    locations = [int(x) for x in os.environ["FLEET_LOCATIONS"].split(",")]
    ok = failed = 0
    errors: list[str] = []
    async with Altegio(base_url=args.base_url, rate_limiter=limiter, on_event=on_event) as api:
        await asyncio.sleep(max(0.0, args.start_at - time.time()))
        started = time.time()
        print("started", flush=True)

        async def task(n: int) -> None:
            nonlocal ok, failed
            shop = api.location(locations[n % len(locations)])
            for _ in range(args.calls):
                try:
                    await shop.inventory.get_location_inventories()
                    ok += 1
                except AltegioError as exc:
                    failed += 1
                    errors.append(f"{type(exc).__name__}: {exc}"[:200])

        await asyncio.gather(*(task(n) for n in range(args.tasks)))
        finished = time.time()
    await limiter.aclose()
    return WorkerResult(ok, failed, dict(statuses), started, finished, waited[0], errors[:5])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--redis", required=True)
    parser.add_argument("--base-url", required=True)
    parser.add_argument("--budget", required=True)
    parser.add_argument("--per-second", type=int, default=5)
    parser.add_argument("--per-minute", type=int, default=200)
    parser.add_argument("--margin", type=float, default=0.05)
    parser.add_argument("--lease", type=float, default=10.0)
    parser.add_argument("--hold", type=int, default=0)
    parser.add_argument("--tasks", type=int, default=25)
    parser.add_argument("--calls", type=int, default=3)
    parser.add_argument("--start-at", type=float, default=0.0)
    result = asyncio.run(_work(parser.parse_args()))
    print(json.dumps(result.__dict__), flush=True)


if __name__ == "__main__":
    main()
