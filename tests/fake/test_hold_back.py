"""A limiter can call a request back from the trace hook, before a byte leaves, over real HTTP."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
import uvicorn

from altegio_client import Altegio, AttemptEvent
from altegio_client._limiting import HoldBack
from altegio_client.testing import FakeAltegio


class HoldsBackFirst:
    """A ``Limiter`` that cancels the first request just as its headers would go out."""

    def __init__(self) -> None:
        self.slots = 0
        self.held = 0

    @asynccontextmanager
    async def slot(self, request: httpx.Request) -> AsyncIterator[None]:
        self.slots += 1

        async def trace(name: str, info: dict[str, Any]) -> None:
            if name.endswith("send_request_headers.started") and not self.held:
                self.held += 1
                raise HoldBack

        request.extensions["trace"] = trace
        yield

    async def cool_down(self, retry_after: float | None) -> None:
        pass


async def test_a_held_back_request_is_sent_again_without_a_retry() -> None:
    fake = FakeAltegio(rate_limit=None)
    demo = fake.demo
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(fake.app, log_level="warning", lifespan="off", access_log=False)
    )
    serving = asyncio.create_task(server.serve(sockets=[sock]))
    limiter = HoldsBackFirst()
    events: list[AttemptEvent] = []
    try:
        for _ in range(500):
            if server.started:
                break
            await asyncio.sleep(0.01)
        assert server.started
        async with Altegio(
            demo.partner_token,
            demo.user_token,
            base_url=f"http://127.0.0.1:{port}/api/v1",
            rate_limiter=limiter,
            max_retries=0,  # a hold-back is not a retry: nothing to spend
            on_event=events.append,
        ) as api:
            shop = api.location(demo.location_id)
            storages = await shop.inventory.get_location_inventories()
            again = await shop.inventory.get_location_inventories()  # the pool still works
    finally:
        server.should_exit = True
        await asyncio.wait_for(serving, timeout=10)
        sock.close()
    assert storages == again
    assert len(storages) == 2
    assert (limiter.held, limiter.slots) == (1, 3)
    assert [(e.attempt, e.status) for e in events] == [(1, 200), (1, 200)]
