"""Connections that break mid-reply: resets, half bodies, stalls, garbage, corrupt gzip.

GET/PUT/DELETE are retried and succeed once the server behaves; a POST is reported (typed) and
never re-sent, because the server may already have created the document.
"""

from __future__ import annotations

import time

import pytest

from altegio_client import APIConnectionError, APITimeoutError

from . import _server as srv
from .conftest import (
    GET_PATH,
    POST_PATH,
    STALL_TIMEOUT,
    TIMEOUT,
    MakeClient,
    assert_no_token,
    call,
)

BROKEN = {
    "reset after the request is read": (srv.reset_after_read, APIConnectionError),
    "closed without a reply": (srv.close_without_reply, APIConnectionError),
    "truncated body (Content-Length)": (srv.TRUNCATED_CONTENT_LENGTH, APIConnectionError),
    "truncated body (chunked)": (srv.TRUNCATED_CHUNKED, APIConnectionError),
    "garbage status line": (srv.GARBAGE_STATUS_LINE, APIConnectionError),
    "corrupt gzip body": (srv.CORRUPT_GZIP, APIConnectionError),
    "slow headers": (srv.SLOW_HEADERS, APITimeoutError),
    "slow body": (srv.SLOW_BODY, APITimeoutError),
}
CASES = [pytest.param(fault, error, id=name) for name, (fault, error) in BROKEN.items()]


def timeout_for(error: type[Exception]) -> object:
    """A short timeout only where the server stalls on purpose."""
    return STALL_TIMEOUT if error is APITimeoutError else TIMEOUT


@pytest.mark.parametrize(("fault", "error"), CASES)
@pytest.mark.parametrize("method", ["GET", "PUT", "DELETE"])
async def test_idempotent_call_recovers(
    server: srv.FaultServer,
    make_client: MakeClient,
    fault: srv.Fault,
    error: type[Exception],
    method: str,
) -> None:
    path = GET_PATH if method == "GET" else POST_PATH
    server.schedule(path, fault)
    api = make_client(timeout=timeout_for(error))
    await call(api, method)
    assert server.count(method) == 2  # the broken attempt and the retry


@pytest.mark.parametrize(("fault", "error"), CASES)
async def test_idempotent_call_gives_up_typed(
    server: srv.FaultServer, make_client: MakeClient, fault: srv.Fault, error: type[Exception]
) -> None:
    server.schedule(GET_PATH, fault, fault, fault)
    api = make_client(max_retries=2, timeout=timeout_for(error))
    with pytest.raises(error) as caught:
        await call(api, "GET")
    assert_no_token(caught.value)
    assert server.count("GET") == 3
    await call(api, "GET")  # still usable
    assert server.count("GET") == 4


@pytest.mark.parametrize(("fault", "error"), CASES)
async def test_post_is_reported_never_resent(
    server: srv.FaultServer, make_client: MakeClient, fault: srv.Fault, error: type[Exception]
) -> None:
    server.schedule(POST_PATH, fault)
    api = make_client(max_retries=2, timeout=timeout_for(error))
    started = time.perf_counter()
    with pytest.raises(error) as caught:
        await call(api, "POST")
    assert time.perf_counter() - started < 2
    assert type(caught.value) is error
    assert_no_token(caught.value)
    assert server.count("POST") == 1
    document = await call(api, "POST")  # still usable
    assert document.id == 7
    assert server.count("POST") == 2


async def test_reset_before_the_request_is_read(
    server: srv.FaultServer, make_client: MakeClient
) -> None:
    api = make_client()
    server.on_connect.append("reset")
    assert [s.id for s in await call(api, "GET")] == [36539]
    assert (server.count("GET"), server.connections) == (1, 2)

    fresh = make_client()  # a new pool, so the POST opens a new connection
    server.on_connect.append("reset")
    with pytest.raises(APIConnectionError) as caught:
        await call(fresh, "POST")
    assert_no_token(caught.value)
    assert server.count("POST") == 0  # it never got in, and it was not sent again
    await call(fresh, "POST")
    assert server.count("POST") == 1
