"""Which failures are retried for which method, how often, and how long the client waits."""

from __future__ import annotations

import email.utils
import time
from collections.abc import Awaitable, Callable
from typing import Any

import httpx
import pytest

from altegio_client import (
    Altegio,
    AltegioError,
    APIConnectionError,
    APITimeoutError,
    InternalServerError,
    RateLimitError,
    RetryPolicy,
)

from .helpers import DOC_BODY, LOCATION, Recorder, envelope, make_client

Failure = Callable[[httpx.Request], httpx.Response]
Call = Callable[[Altegio], Awaitable[Any]]

DOCUMENT = {"id": 42, "type_id": 3, "storage_id": 36539}


def raising(exc_type: type[httpx.TransportError]) -> Failure:
    def fail(request: httpx.Request) -> httpx.Response:
        raise exc_type("simulated", request=request)

    return fail


def status(code: int, headers: dict[str, str] | None = None) -> Failure:
    def fail(request: httpx.Request) -> httpx.Response:
        meta = {"message": f"status {code}"}
        return envelope(None, status=code, success=False, meta=meta, headers=headers)

    return fail


FAILURES: dict[str, tuple[Failure, type[AltegioError]]] = {
    "connect-error": (raising(httpx.ConnectError), APIConnectionError),
    "read-timeout": (raising(httpx.ReadTimeout), APITimeoutError),
    "429": (status(429, {"Retry-After": "3"}), RateLimitError),
    "502": (status(502), InternalServerError),
    "503": (status(503), InternalServerError),
}

CALLS: dict[str, Call] = {
    "GET": lambda api: api.location(LOCATION).inventory.get_document(42),
    "PUT": lambda api: api.location(LOCATION).inventory.update_document(42, body=DOC_BODY),
    "DELETE": lambda api: api.location(LOCATION).inventory.delete_document(42),
    "POST": lambda api: api.location(LOCATION).inventory.create_document(body=DOC_BODY),
}

# POST may have created a document when it timed out reading or got a 5xx: never re-sent.
POST_NOT_RETRIED = {"read-timeout", "502", "503"}

MATRIX = [
    pytest.param(method, failure, 1 if method == "POST" and failure in POST_NOT_RETRIED else 3)
    for method in CALLS
    for failure in FAILURES
]


@pytest.mark.parametrize(("method", "failure", "expected_requests"), MATRIX)
async def test_retry_matrix(
    method: str, failure: str, expected_requests: int, sleeps: list[float]
) -> None:
    respond, error_class = FAILURES[failure]
    rec = Recorder(respond)
    async with make_client(rec, max_retries=2) as api:
        with pytest.raises(AltegioError) as caught:
            await CALLS[method](api)
    assert type(caught.value) is error_class
    assert rec.count == expected_requests
    assert {r.method for r in rec.requests} == {method}
    if expected_requests == 1:
        assert sleeps == []
    elif failure == "429":
        assert sleeps == [3.0, 3.0]
    else:
        # jitter pinned to 0.75 of the exponential base (0.5 s, 1 s)
        assert sleeps == [0.375, 0.75]


async def test_retried_put_resends_the_same_body(sleeps: list[float]) -> None:
    rec = Recorder(status(503))
    async with make_client(rec) as api:
        with pytest.raises(InternalServerError):
            await CALLS["PUT"](api)
    assert rec.bodies() == [DOC_BODY] * 3


@pytest.mark.parametrize(
    ("method", "failure", "expected_requests"),
    [
        pytest.param("POST", raising(httpx.ConnectTimeout), 3, id="POST-connect-timeout"),
        pytest.param("POST", status(500), 1, id="POST-500"),
        pytest.param("POST", status(408), 1, id="POST-408"),
        pytest.param("GET", status(408), 3, id="GET-408"),
        pytest.param("GET", status(500), 3, id="GET-500"),
        pytest.param("GET", status(400), 1, id="GET-400"),
        pytest.param("GET", status(404), 1, id="GET-404"),
        pytest.param("PUT", status(422), 1, id="PUT-422"),
        pytest.param("GET", raising(httpx.RemoteProtocolError), 3, id="GET-protocol-error"),
        pytest.param("POST", raising(httpx.RemoteProtocolError), 1, id="POST-protocol-error"),
    ],
)
async def test_other_failures(method: str, failure: Failure, expected_requests: int) -> None:
    rec = Recorder(failure)
    async with make_client(rec) as api:
        with pytest.raises(AltegioError):
            await CALLS[method](api)
    assert rec.count == expected_requests


async def test_success_after_retries_reports_the_retry_count(sleeps: list[float]) -> None:
    replies = [status(502), raising(httpx.ReadTimeout)]

    def respond(request: httpx.Request) -> httpx.Response:
        if replies:
            return replies.pop(0)(request)
        return envelope(DOCUMENT)

    rec = Recorder(respond)
    async with make_client(rec) as api:
        reply = await api.location(LOCATION).inventory.with_raw_response.get_document(42)
    assert reply.retries == 2
    assert reply.data.id == 42
    assert rec.count == 3
    assert sleeps == [0.375, 0.75]


@pytest.mark.parametrize("failure", ["connect-error", "429", "503"])
async def test_with_options_max_retries_zero_sends_once(failure: str, sleeps: list[float]) -> None:
    respond, error_class = FAILURES[failure]
    rec = Recorder(respond)
    async with make_client(rec, max_retries=2) as api:
        with pytest.raises(error_class):
            await CALLS["GET"](api.with_options(max_retries=0))
        assert rec.count == 1
        # the original keeps its own setting
        with pytest.raises(error_class):
            await CALLS["GET"](api)
    assert rec.count == 4
    assert sleeps == ([3.0, 3.0] if failure == "429" else [0.375, 0.75])


async def test_max_retries_counts_are_exact(sleeps: list[float]) -> None:
    rec = Recorder(status(503))
    async with make_client(rec, max_retries=5) as api:
        with pytest.raises(InternalServerError):
            await CALLS["GET"](api)
    assert rec.count == 6
    # 0.5 * 2**n capped at 8 s, times the pinned jitter 0.75
    assert sleeps == [0.375, 0.75, 1.5, 3.0, 6.0]


async def test_retry_after_is_capped(sleeps: list[float]) -> None:
    rec = Recorder(status(429, {"Retry-After": "3600"}))
    async with make_client(rec, max_retries=1) as api:
        with pytest.raises(RateLimitError):
            await CALLS["GET"](api)
        with pytest.raises(RateLimitError):
            await CALLS["GET"](api.with_options(retry_policy=RetryPolicy(max_retry_after=5.0)))
    assert sleeps == [60.0, 5.0]


async def test_retry_after_http_date(sleeps: list[float]) -> None:
    when = email.utils.formatdate(time.time() + 30, usegmt=True)
    rec = Recorder(status(429, {"Retry-After": when}))
    async with make_client(rec, max_retries=1) as api:
        with pytest.raises(RateLimitError):
            await CALLS["GET"](api)
    (delay,) = sleeps
    assert 28.0 <= delay <= 30.0


async def test_unparseable_retry_after_falls_back_to_backoff(sleeps: list[float]) -> None:
    rec = Recorder(status(429, {"Retry-After": "soon"}))
    async with make_client(rec, max_retries=1) as api:
        with pytest.raises(RateLimitError):
            await CALLS["GET"](api)
    assert sleeps == [0.375]
