"""Hand Altegio webhooks to taskiq workers: acknowledged once queued, processed once.

    ALTEGIO_WEBHOOK_TOKEN=... uvicorn examples.webhook_tasks:app --port 8080
    taskiq worker examples.webhook_tasks:broker

The receiver (``altegio_client.webhooks.receiver``) answers the vendor only after the job is in
the queue, so a delivery is never lost: if queueing fails, the vendor gets a 5xx and retries.
Deliveries the vendor repeats are dropped by their dedup key before they become jobs. The task
appends each goods operation to a JSON-lines file (``WEBHOOK_RESULTS``).

``WEBHOOK_REDIS_URL`` names the Redis behind the queue (the one the stock workers use works);
``WEBHOOK_BROKER=memory`` runs jobs in-process instead, as the tests do.
"""

from __future__ import annotations

import asyncio
import json
import os
from pathlib import Path
from typing import Any

from taskiq import AsyncBroker, InMemoryBroker

from altegio_client.webhooks import GOODS_OPERATIONS, Deduplicator, WebhookEvent, receiver


def _broker() -> AsyncBroker:
    if os.environ.get("WEBHOOK_BROKER") == "memory":
        return InMemoryBroker(await_inplace=True)  # a job runs before kiq() returns
    from taskiq_redis import RedisStreamBroker

    url = os.environ.get("WEBHOOK_REDIS_URL", "redis://127.0.0.1:6379/0")
    # a stream: a job is acknowledged when done, so one lost with its worker is not lost
    return RedisStreamBroker(url, queue_name="altegio-webhooks", consumer_id="0", xread_block=2000)


broker = _broker()


@broker.task
async def record_goods_operation(payload: dict[str, Any]) -> None:
    """One line per goods operation: what moved, where, and whether it was created or undone."""
    data = payload.get("data") or {}
    line = {
        "resource": payload["resource"],
        "status": payload["status"],
        "location_id": payload["company_id"],
        "good_id": (data.get("good") or {}).get("id") if isinstance(data, dict) else None,
        "amount": data.get("amount") if isinstance(data, dict) else None,
    }
    results = Path(os.environ.get("WEBHOOK_RESULTS", "webhook-events.jsonl"))
    await asyncio.to_thread(_append, results, json.dumps(line))


def _append(path: Path, line: str) -> None:
    with path.open("a", encoding="utf-8") as out:
        out.write(line + "\n")


async def enqueue(event: WebhookEvent) -> None:
    if event.resource in GOODS_OPERATIONS:
        await record_goods_operation.kiq(dict(event.raw))


app = receiver(Deduplicator()(enqueue), token=os.environ.get("ALTEGIO_WEBHOOK_TOKEN"))
