"""``make worker-demo``: taskiq workers syncing stock per location on one shared rate limit.

Starts a private redis-server (unix socket, temp dir), the fake API under uvicorn enforcing the
vendor's limits per client address (as the real API does per IP), N taskiq worker processes
(``examples/stock_tasks.py``) and a producer that enqueues one job per location and waits for
every result. Prints jobs done, requests the server saw, 429s and efficiency against the limit,
and exits 0 only when every job finished, no call failed and the server answered no 429.
Everything it started is stopped before it returns.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script: make `examples` importable
    sys.path.insert(0, str(ROOT))

from altegio_client import RateLimit  # noqa: E402
from altegio_client.testing.fleet import most_allowed  # noqa: E402
from altegio_client.testing.servers import fake_server, redis_server  # noqa: E402


async def produce(location_ids: list[int], wait: float) -> list[Any]:
    """Enqueue one job per location and wait for all of them (taskiq's Redis result backend)."""
    from examples import stock_tasks  # after the environment names this run's Redis

    await stock_tasks.broker.startup()
    try:
        sent = [await stock_tasks.sync_location_stock.kiq(i) for i in location_ids]
        waits = (t.wait_result(check_interval=0.1, timeout=wait) for t in sent)
        results: list[Any] = await asyncio.gather(*waits)
        return results
    finally:
        await stock_tasks.broker.shutdown()


def stop(process: subprocess.Popen[bytes], grace: float = 10) -> str:
    """SIGINT: taskiq's parent asks its workers to finish (they close their clients).

    taskiq 0.13 can wait for the next message before an idle worker stops, so after ``grace``
    seconds the whole process group is killed: the demo never leaves a process behind.
    """
    if process.poll() is not None:
        return "workers had already exited"
    process.send_signal(signal.SIGINT)
    try:
        process.wait(timeout=grace)
        return "workers stopped"
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        return f"workers still idle-waiting {grace:.0f} s after SIGINT: killed"


def run(args: argparse.Namespace) -> int:
    limit = RateLimit(per_second=args.per_second, per_minute=args.per_minute)
    results = Path(args.results or Path(tempfile.mkdtemp(prefix="altegio-stock-")) / "stock.jsonl")
    results.unlink(missing_ok=True)
    print(
        f"{args.workers} taskiq workers, {args.locations} locations (one job each), "
        f"limit {limit.per_second}/s and {limit.per_minute}/min per client address"
    )
    with (
        redis_server() as redis,
        fake_server(
            per_second=limit.per_second, per_minute=limit.per_minute, locations=args.locations
        ) as api,
    ):
        info = api.info
        os.environ.update(
            ALTEGIO_BASE_URL=info["base_url"],
            ALTEGIO_PARTNER_TOKEN=info["partner_token"],
            ALTEGIO_USER_TOKEN=info["user_token"],
            STOCK_REDIS_URL=redis.url,
            STOCK_BUDGET="127.0.0.1",  # the egress address the fake counts by
            STOCK_RESULTS=str(results),
        )
        cmd = [sys.executable, "-m", "taskiq", "worker", "examples.stock_tasks:broker"]
        cmd += ["--workers", str(args.workers), "--log-level", "WARNING"]
        cmd += ["--max-async-tasks", "2", "--max-prefetch", "0"]  # spread jobs over workers
        log = results.with_suffix(".workers.log").open("wb")
        workers = subprocess.Popen(
            cmd, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        try:
            outcomes = asyncio.run(produce(info["location_ids"], args.timeout))
        finally:
            stopped = stop(workers)
            log.close()
        stats = api.stats()
    failed = [o for o in outcomes if o.is_err]
    done = len(outcomes) - len(failed)
    calls = sum(o.return_value["calls"] for o in outcomes if not o.is_err)
    pids = {o.return_value["worker"] for o in outcomes if not o.is_err}
    span = stats["last"] - stats["first"]
    allowed = most_allowed(limit, span)
    requests, refused = stats["requests"], stats["rate_limited"]
    lines = len(results.read_text(encoding="utf-8").splitlines()) if results.exists() else 0
    print(f"jobs done: {done}/{len(outcomes)} ({len(failed)} failed), by {len(pids)} workers")
    print(f"requests sent: {requests} ({calls} calls; the server answered {refused} x 429)")
    print(
        f"efficiency: {requests / allowed:.2f} ({requests} requests in {span:.1f} s; "
        f"the limits allow at most {allowed})"
    )
    print(f"results: {results} ({lines} lines); {stopped}")
    for outcome in failed[:3]:
        print(f"failed job: {outcome.error!r}")
    ok = done == len(outcomes) == args.locations and not failed and refused == 0
    return 0 if ok and calls == requests else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--workers", type=int, default=4, help="worker processes (default 4)")
    parser.add_argument("--locations", type=int, default=12, help="locations, one job each")
    parser.add_argument("--per-second", type=int, default=5)
    parser.add_argument("--per-minute", type=int, default=200)
    parser.add_argument("--results", help="JSON-lines file for the synced stock")
    parser.add_argument("--timeout", type=float, default=300, help="seconds to wait for jobs")
    return run(parser.parse_args(argv))


if __name__ == "__main__":
    raise SystemExit(main())
