"""Take Altegio webhooks at once and process them in a worker, each change once.

    ALTEGIO_WEBHOOK_TOKEN=... uvicorn examples.webhook_queue:app --port 8080

The receiver acknowledges every authorised delivery immediately and puts the event on a queue;
the worker skips deliveries it has already processed (the vendor retries) and keeps a running
stock movement per product from the goods operations.
"""

from __future__ import annotations

import asyncio
import os
from collections import defaultdict
from collections.abc import AsyncIterator, Callable, MutableMapping
from contextlib import asynccontextmanager
from typing import Any

from altegio_client.webhooks import Deduplicator, WebhookEvent, receiver
from altegio_client.webhooks.models import GoodsOperations

Scope = MutableMapping[str, Any]


class Worker:
    """Consumes the queue; ``movements`` is product id -> net amount seen so far."""

    def __init__(self, queue: asyncio.Queue[WebhookEvent], out: Callable[[str], None] = print):
        self.queue = queue
        self.out = out
        self.dedup = Deduplicator()
        self.movements: defaultdict[int, float] = defaultdict(float)

    async def run(self) -> None:
        while True:
            event = await self.queue.get()
            try:
                if not self.dedup.seen(event.dedup_key):
                    self.handle(event)
                    self.dedup.mark(event.dedup_key)
            finally:
                self.queue.task_done()

    def handle(self, event: WebhookEvent) -> None:
        data = event.data
        if isinstance(data, GoodsOperations) and event.status == "create":
            row = data.to_dict()
            good = row.get("good") or {}  # an object, or [] when the vendor leaves it out
            if isinstance(good, dict) and "id" in good:
                self.movements[int(good["id"])] += float(row.get("amount", 0))
        self.out(f"{event.resource} {event.status} #{event.resource_id}")


@asynccontextmanager
async def running(token: str | None) -> AsyncIterator[tuple[Any, Worker]]:
    """The receiver app and its worker (running until the block ends)."""
    queue: asyncio.Queue[WebhookEvent] = asyncio.Queue(maxsize=1000)
    worker = Worker(queue)
    task = asyncio.create_task(worker.run())
    try:
        yield receiver(queue=queue, token=token), worker
    finally:
        task.cancel()


class App:
    """ASGI entry point for uvicorn: starts the worker with the server's lifespan."""

    def __init__(self) -> None:
        self._inner: Any = None
        self._context: Any = None

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if scope["type"] == "lifespan":
            await receive()  # lifespan.startup
            self._context = running(os.environ.get("ALTEGIO_WEBHOOK_TOKEN"))
            self._inner, _ = await self._context.__aenter__()
            await send({"type": "lifespan.startup.complete"})
            message = await receive()
            if message["type"] == "lifespan.shutdown":
                await self._context.__aexit__(None, None, None)
                await send({"type": "lifespan.shutdown.complete"})
            return
        await self._inner(scope, receive, send)


app = App()
