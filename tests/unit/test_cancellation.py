"""Cancelling a call mid-request must give its connection back (real socket on 127.0.0.1)."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import pytest

from altegio_client import Altegio

from .helpers import LOCATION, PARTNER, USER

REPLY = json.dumps({"success": True, "data": [{"id": 36539, "title": "Main"}], "meta": []})


@dataclass
class SlowServer:
    """Holds the first request forever; answers every later one at once."""

    port: int = 0
    requests: int = 0
    first_received: asyncio.Event = field(default_factory=asyncio.Event)
    first_closed_by_client: asyncio.Event = field(default_factory=asyncio.Event)

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                try:
                    await reader.readuntil(b"\r\n\r\n")
                except (asyncio.IncompleteReadError, ConnectionError):
                    return
                self.requests += 1
                if self.requests == 1:
                    self.first_received.set()
                    await reader.read()  # returns b"" once the client drops the socket
                    self.first_closed_by_client.set()
                    return
                body = REPLY.encode()
                writer.write(
                    b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                    + f"Content-Length: {len(body)}\r\n\r\n".encode()
                    + body
                )
                await writer.drain()
        finally:
            writer.close()


@pytest.fixture
async def server() -> AsyncIterator[SlowServer]:
    state = SlowServer()
    listener = await asyncio.start_server(state.handle, "127.0.0.1", 0)
    state.port = listener.sockets[0].getsockname()[1]
    async with listener:
        yield state
        listener.close()


def pool_of(api: Altegio) -> Any:
    """httpcore's connection pool behind the client (private, but the only way to look)."""
    return getattr(api._shared.http, "_transport")._pool  # noqa: B009


def busy_connections(api: Altegio) -> list[Any]:
    pool = pool_of(api)
    return [c for c in pool.connections if not (c.is_idle() or c.is_closed())]


async def test_cancelled_call_frees_its_connection(server: SlowServer) -> None:
    api = Altegio(
        PARTNER,
        USER,
        base_url=f"http://127.0.0.1:{server.port}/api/v1",
        rate_limit=None,
        max_retries=0,
        timeout=5.0,
        max_connections=1,  # a leaked connection would make the next call wait for the pool
    )
    async with api:
        shop = api.location(LOCATION)
        task = asyncio.create_task(shop.inventory.get_location_inventories())
        await asyncio.wait_for(server.first_received.wait(), 5)
        assert len(busy_connections(api)) == 1  # the request really is in flight

        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task

        await asyncio.wait_for(server.first_closed_by_client.wait(), 5)
        assert busy_connections(api) == []
        assert pool_of(api)._requests == []

        storages = await asyncio.wait_for(shop.inventory.get_location_inventories(), 5)
        assert [s.id for s in storages] == [36539]
        assert busy_connections(api) == []
    assert server.requests == 2


async def test_cancelled_calls_under_concurrency_leave_pool_usable(server: SlowServer) -> None:
    api = Altegio(
        PARTNER,
        USER,
        base_url=f"http://127.0.0.1:{server.port}/api/v1",
        rate_limit=None,
        max_retries=0,
        timeout=5.0,
        max_connections=2,
    )
    async with api:
        shop = api.location(LOCATION)
        slow = asyncio.create_task(shop.inventory.get_location_inventories())
        await asyncio.wait_for(server.first_received.wait(), 5)
        fast = await asyncio.gather(*(shop.inventory.get_location_inventories() for _ in range(4)))
        assert [s[0].id for s in fast] == [36539] * 4
        slow.cancel()
        with pytest.raises(asyncio.CancelledError):
            await slow
        await asyncio.wait_for(server.first_closed_by_client.wait(), 5)
        assert busy_connections(api) == []
        again = await asyncio.wait_for(
            asyncio.gather(*(shop.inventory.get_location_inventories() for _ in range(3))), 5
        )
        assert len(again) == 3
    assert server.requests == 8
