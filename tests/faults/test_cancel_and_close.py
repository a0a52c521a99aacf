"""Cancelling a call at every stage, and closing the client while calls are running.

A cancelled call raises CancelledError (it is the caller's decision, not an API failure), frees
its connection and sends a POST at most once. ``aclose()`` ends every running call at once with
ClientClosedError, including calls sleeping before a retry or waiting for the rate limiter.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from typing import Any

import pytest

from altegio_client import Altegio, ClientClosedError, RateLimit

from . import _server as srv
from .conftest import GET_PATH, POST_PATH, MakeClient, assert_no_token, call


def pool_of(api: Altegio) -> Any:
    """httpcore's connection pool behind the client (private, but the only way to look)."""
    return getattr(api._shared.http, "_transport")._pool  # noqa: B009


def busy_connections(api: Altegio) -> list[Any]:
    """Connections still handling a request."""
    return [c for c in pool_of(api).connections if not (c.is_idle() or c.is_closed())]


async def settle(server: srv.FaultServer) -> None:
    """Give the server a moment to see what the client did (a request, a closed socket)."""
    for _ in range(3):
        await asyncio.sleep(0.01)


@pytest.mark.parametrize("method", ["GET", "POST"])
async def test_cancel_after_any_number_of_loop_ticks(
    server: srv.FaultServer, make_client: MakeClient, method: str
) -> None:
    """Sweeps the cancellation point across connect, send, wait and read, one step at a time,
    each time on a new client (so connecting is part of it)."""
    for ticks in range(25):
        api = make_client()
        before = server.count(method)
        task = asyncio.create_task(call(api, method))
        for _ in range(ticks):
            await asyncio.sleep(0)
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):  # finishing first is fine too
            await task
        await settle(server)
        assert server.count(method) - before <= 1, ticks
        await call(api, method)  # first gives back what the cancelled call may have left
        assert server.count(method) - before <= 2, ticks
        assert busy_connections(api) == [], ticks
        assert pool_of(api)._requests == [], ticks
        await api.aclose()


async def test_many_cancellations_do_not_use_up_the_pool(
    server: srv.FaultServer, make_client: MakeClient
) -> None:
    """Two connections only; calls cancelled at every step of their life, then one more call.

    httpcore alone loses a connection at some of these steps (see altegio_client/_pool_repair);
    without giving them back, the last call would wait for a free connection and time out.
    """
    api = make_client(max_connections=2)
    for ticks in range(25):
        task = asyncio.create_task(call(api, "GET"))
        for _ in range(ticks):
            await asyncio.sleep(0)
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
    await settle(server)
    assert [s.id for s in await call(api, "GET")] == [36539]
    assert busy_connections(api) == []


STAGES = {
    "waiting for the headers": srv.SLOW_HEADERS,
    "reading the body": srv.SLOW_BODY,
    "sleeping before a retry": srv.status(429, "1.5"),
}


@pytest.mark.parametrize("fault", [pytest.param(fault, id=name) for name, fault in STAGES.items()])
@pytest.mark.parametrize("method", ["GET", "POST"])
async def test_cancel_at_a_known_stage(
    server: srv.FaultServer, make_client: MakeClient, fault: srv.Fault, method: str
) -> None:
    server.schedule(GET_PATH if method == "GET" else POST_PATH, fault)
    api = make_client(timeout=5.0)  # only the cancellation may end the call
    task = asyncio.create_task(call(api, method))
    await asyncio.wait_for(server.arrived.wait(), 2)
    await asyncio.sleep(0.02)
    started = time.perf_counter()
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert time.perf_counter() - started < 1.0  # not the 5 s timeout, nor the 1.5 s Retry-After
    await settle(server)
    assert server.count(method) == 1
    assert busy_connections(api) == []
    await call(api, method)
    assert server.count(method) == 2


async def test_the_callers_own_timeout_stays_a_timeout(
    server: srv.FaultServer, make_client: MakeClient
) -> None:
    server.schedule(GET_PATH, srv.SLOW_HEADERS)
    api = make_client(timeout=5.0)
    with pytest.raises(TimeoutError):
        async with asyncio.timeout(0.05):
            await call(api, "GET")
    await call(api, "GET")


async def test_aclose_ends_every_running_call_at_once(
    server: srv.FaultServer, make_client: MakeClient
) -> None:
    release = asyncio.Event()
    server.schedule(f"{GET_PATH}", srv.pause(release))
    server.schedule(POST_PATH, srv.pause(release))
    api = make_client(timeout=5.0, max_retries=3)
    copy = api.with_options(max_retries=3)
    waiting_for_reply = asyncio.create_task(call(api, "GET"))
    post_waiting = asyncio.create_task(call(copy, "POST"))
    while server.count() < 2:
        await asyncio.wait_for(server.arrived.wait(), 2)
        server.arrived.clear()
    server.schedule("/documents/4564/7", srv.status(503, "1.5"))
    server.arrived.clear()
    in_backoff = asyncio.create_task(call(api, "PUT"))
    await asyncio.wait_for(server.arrived.wait(), 2)
    await asyncio.sleep(0.02)  # now sleeping 1.5 s before its retry

    started = time.perf_counter()
    await copy.aclose()
    results = await asyncio.gather(
        waiting_for_reply, post_waiting, in_backoff, return_exceptions=True
    )
    assert time.perf_counter() - started < 1.0  # the retry was due in 1.5 s, the reply in 5 s
    assert [type(r) for r in results] == [ClientClosedError] * 3
    for error in results:
        assert isinstance(error, BaseException)
        assert_no_token(error)
    release.set()
    assert (server.count("GET"), server.count("POST"), server.count("PUT")) == (1, 1, 1)

    with pytest.raises(ClientClosedError):
        await call(api, "POST")  # refused locally: nothing is sent
    await settle(server)
    assert server.count() == 3


async def test_aclose_ends_a_call_waiting_for_the_rate_limiter(
    server: srv.FaultServer, make_client: MakeClient
) -> None:
    api = make_client(rate_limit=RateLimit(per_second=1, per_minute=None, margin=0))
    await call(api, "GET")
    queued = asyncio.create_task(call(api, "POST"))  # waits ~1 s for the next window
    await asyncio.sleep(0.05)
    started = time.perf_counter()
    await api.aclose()
    with pytest.raises(ClientClosedError):
        await queued
    assert time.perf_counter() - started < 0.5  # the limiter would have waited about a second
    assert server.count("POST") == 0
