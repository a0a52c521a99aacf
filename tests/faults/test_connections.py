"""Keep-alive connections the server closes, a port nobody listens on, and load with a share of
connections failing: exact request counts, POSTs never doubled, the client usable afterwards."""

from __future__ import annotations

import asyncio
import logging
import socket

import pytest

from altegio_client import Altegio, APIConnectionError

from . import _server as srv
from .conftest import (
    DOC,
    FAST_RETRY,
    GET_PATH,
    PARTNER,
    TIMEOUT,
    USER,
    MakeClient,
    assert_no_token,
    call,
)


@pytest.mark.parametrize("method", ["GET", "POST"])
async def test_idle_connection_closed_by_server(
    server: srv.FaultServer, make_client: MakeClient, method: str
) -> None:
    closed = asyncio.Event()
    api = make_client()
    server.schedule(GET_PATH, srv.reply_then_close(closed))
    await call(api, "GET")
    await asyncio.wait_for(closed.wait(), 2)
    await asyncio.sleep(0.02)  # let the FIN reach the client's socket
    await call(api, method)  # the pool notices the dead connection and opens a new one
    assert server.count(method) == (2 if method == "GET" else 1)
    assert server.connections == 2


async def test_keepalive_dropped_as_the_next_request_arrives(
    server: srv.FaultServer, make_client: MakeClient
) -> None:
    api = make_client()
    server.schedule(GET_PATH, srv.reply_then_drop_next)
    await call(api, "GET")
    await call(api, "GET")  # went out on the dropped connection, retried on a new one
    assert (server.count("GET"), server.connections) == (2, 2)

    server.schedule(GET_PATH, srv.reply_then_drop_next)
    await call(api, "GET")
    with pytest.raises(APIConnectionError) as caught:
        await call(api, "POST")  # the client cannot tell that it was never read
    assert_no_token(caught.value)
    assert server.count("POST") == 0
    await call(api, "POST")
    assert server.count("POST") == 1


@pytest.mark.parametrize("method", ["GET", "POST"])
async def test_connection_refused(caplog: pytest.LogCaptureFixture, method: str) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # closed again: nothing listens there
    async with Altegio(
        PARTNER,
        USER,
        base_url=f"http://127.0.0.1:{port}/api/v1",
        timeout=TIMEOUT,
        retry_policy=FAST_RETRY,
        rate_limit=None,
        max_retries=2,
    ) as api:
        with pytest.raises(APIConnectionError) as caught:
            await call(api, method)
    assert type(caught.value) is APIConnectionError
    assert_no_token(caught.value)
    # A refused connection provably sent nothing, so even a POST is tried again.
    retries = [r for r in caplog.records if r.levelno == logging.INFO and "retry" in r.message]
    assert len(retries) == 2


async def test_load_with_a_share_of_connections_failing(
    server: srv.FaultServer, make_client: MakeClient
) -> None:
    """60 concurrent calls on 60 locations; every 4th location's first request is reset."""
    locations = range(1000, 1060)
    faulty = {loc for loc in locations if loc % 4 == 0}
    for loc in faulty:
        server.schedule(f"/{loc}", srv.reset_after_read)
    api = make_client(max_retries=2)

    async def one(loc: int) -> object:
        inventory = api.location(loc).inventory
        if loc % 2:
            return await inventory.get_location_inventories()
        return await inventory.create_document(body={**DOC, "comment": f"loc-{loc}"})

    results = await asyncio.gather(*(one(loc) for loc in locations), return_exceptions=True)
    failed = {loc for loc, r in zip(locations, results, strict=True) if isinstance(r, Exception)}
    assert all(isinstance(r, APIConnectionError) for r in results if isinstance(r, Exception))
    posts_hit = {loc for loc in faulty if loc % 2 == 0}
    assert failed == posts_hit  # every GET recovered; every hit POST is reported
    for loc in locations:
        sent = server.count(None, f"/{loc}")
        expected = 1 if loc not in faulty or loc % 2 == 0 else 2
        assert sent == expected, (loc, sent)
    bodies = [s.json()["comment"] for s in server.seen if s.method == "POST"]
    assert len(bodies) == len(set(bodies)) == 30  # no POST arrived twice
    again = await asyncio.gather(*(one(loc) for loc in sorted(posts_hit)))
    assert len(again) == len(posts_hit)
