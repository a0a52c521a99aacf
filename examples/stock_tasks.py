"""taskiq tasks that sync stock per location, every worker process on one shared rate limit.

Run workers with ``taskiq worker examples.stock_tasks:broker --workers 4``; enqueue with
``await sync_location_stock.kiq(location_id)`` (``examples/worker_pipeline.py`` does both).

Each worker process opens ONE ``Altegio`` when it starts and closes it when it stops: one
connection pool and one limiter handle per process, shared by all the tasks it runs at once.
The limiter is a ``RedisRateLimiter``, so all processes (on any machine) that name the same
budget stay within the vendor's 5/s and 200/min together.

Settings come from the environment: ``STOCK_REDIS_URL`` (the broker, results and the limit),
``STOCK_BUDGET`` (the egress budget: one per public IP), ``STOCK_RESULTS`` (a JSON-lines file),
and the client's own ``ALTEGIO_PARTNER_TOKEN``/``ALTEGIO_USER_TOKEN``/``ALTEGIO_BASE_URL``.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
from pathlib import Path
from typing import Any

from taskiq import Context, TaskiqDepends, TaskiqEvents, TaskiqState
from taskiq_redis import RedisAsyncResultBackend, RedisStreamBroker

from altegio_client import Altegio, RedisRateLimiter

REDIS_URL = os.environ.get("STOCK_REDIS_URL", "redis://127.0.0.1:6379/0")

# A Redis stream: a job is acknowledged when done, so one lost with its worker is not lost for
# good. The stream is read in 2 s blocks, below redis-py 8's 5 s socket timeout (a plain list
# queue blocks on BRPOP with no end and trips that timeout when idle, taskiq-redis issue #127).
# consumer_id="0": the group also gets jobs queued before the first worker was up.
broker = RedisStreamBroker(
    REDIS_URL, queue_name="altegio-stock", consumer_id="0", xread_block=2000, xread_count=1
).with_result_backend(RedisAsyncResultBackend(REDIS_URL, result_ex_time=3600))


@broker.on_event(TaskiqEvents.WORKER_STARTUP)
async def open_client(state: TaskiqState) -> None:
    limiter = RedisRateLimiter(REDIS_URL, budget=os.environ.get("STOCK_BUDGET", "api.alteg.io"))
    state.limiter = limiter
    state.altegio = Altegio(rate_limiter=limiter)
    _wake_loop_on_stop_signals()


@broker.on_event(TaskiqEvents.WORKER_SHUTDOWN)
async def close_client(state: TaskiqState) -> None:
    await state.altegio.aclose()
    await state.limiter.aclose()


_CONTEXT: Context = TaskiqDepends()


def _wake_loop_on_stop_signals() -> None:
    """Let SIGINT/SIGTERM wake the event loop, not only set taskiq's shutdown flag.

    taskiq's worker sets that flag from a plain signal handler, which runs only when the loop
    next wakes for something else; an idle worker could then sit out its shutdown until Redis
    went away (seen with taskiq 0.13: the runner stopped only when the server closed). Routing
    the same handler through the loop wakes it at once, and the shutdown hook below runs.
    """
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        handler = signal.getsignal(signum)
        if callable(handler):
            loop.add_signal_handler(signum, handler, signum, None)


def altegio(context: Context = _CONTEXT) -> Altegio:
    """The worker's client, injected into tasks (``TaskiqDepends(altegio)``)."""
    api: Altegio = context.state.altegio
    return api


ALTEGIO = TaskiqDepends(altegio)


@broker.task(task_name="sync_location_stock")
async def sync_location_stock(location_id: int, api: Altegio = ALTEGIO) -> dict[str, Any]:
    """Read one location's storages and every product's stock; append it to the results."""
    shop = api.location(location_id)
    storages = await shop.inventory.get_location_inventories()
    products = await shop.products.get_products_list()
    ids = [p.good_id for p in products if p.good_id is not None]
    details = await asyncio.gather(*(shop.products.get_product(i) for i in ids))
    stock = [
        {"product_id": i, "title": d.title, "storage_id": a.storage_id, "amount": a.amount}
        for i, d in zip(ids, details, strict=True)
        for a in d.actual_amounts or []
    ]
    row = {"location_id": location_id, "storages": len(storages), "stock": stock}
    path = os.environ.get("STOCK_RESULTS")
    if path:  # one short line per job, appended: safe from several processes at once
        await asyncio.to_thread(_append, Path(path), json.dumps(row) + "\n")
    return {"location_id": location_id, "calls": 2 + len(ids), "worker": os.getpid()}


def _append(path: Path, line: str) -> None:
    with path.open("a", encoding="utf-8") as out:
        out.write(line)
