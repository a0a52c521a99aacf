"""2xx bodies that are not what the spec promises, and error statuses with and without
Retry-After: each is one typed error, decided by status and method, never a bare exception."""

from __future__ import annotations

import json
import logging
import time

import pytest

from altegio_client import (
    APIStatusError,
    InternalServerError,
    RateLimitError,
    ResponseValidationError,
)

from . import _server as srv
from .conftest import GET_PATH, POST_PATH, MakeClient, assert_no_token, call

DEEP = b"[" * 100_000
WRONG_BODIES = {
    "html": (b"<html>maintenance</html>", "text/html", "is not JSON"),
    "empty": (b"", "application/json", "empty body"),
    "whitespace": (b"  \r\n ", "application/json", "empty body"),
    "no envelope": (b'{"id": 7}', "application/json", "data: missing"),
    "data null": (b'{"success": true, "data": null}', "application/json", "got null"),
    "array envelope": (b"[1, 2]", "application/json", "reply: expected object, got array"),
    "nested 100,000 deep": (DEEP, "application/json", "nested too deeply"),
    "invalid utf-8": (b'{"data": "\xff\xfe"}', "application/json", "is not JSON"),
}


@pytest.mark.parametrize(
    ("data", "content_type", "message"),
    [pytest.param(*value, id=name) for name, value in WRONG_BODIES.items()],
)
@pytest.mark.parametrize("method", ["GET", "POST"])
async def test_wrong_2xx_body_is_response_validation_error(
    server: srv.FaultServer,
    make_client: MakeClient,
    method: str,
    data: bytes,
    content_type: str,
    message: str,
) -> None:
    server.schedule(GET_PATH if method == "GET" else POST_PATH, srv.body(data, 200, content_type))
    api = make_client()
    with pytest.raises(ResponseValidationError) as caught:
        await call(api, method)
    assert message in str(caught.value)
    assert caught.value.status_code == 200
    assert caught.value.request_id == "req-200"
    assert_no_token(caught.value)
    assert server.count(method) == 1  # a body that does not fit is not retried
    await call(api, method)


async def test_wrong_shape_names_the_place(
    server: srv.FaultServer, make_client: MakeClient
) -> None:
    wrong = {"success": True, "data": ["this is a list where a document belongs"], "meta": []}
    server.schedule(POST_PATH, srv.body(json.dumps(wrong).encode()))
    with pytest.raises(ResponseValidationError) as caught:
        await call(make_client(), "POST")
    assert str(caught.value).endswith("data: expected object, got array (request id req-200)")
    assert "dictionary update sequence" not in str(caught.value)


async def test_debug_logging_survives_deep_json(
    server: srv.FaultServer, make_client: MakeClient, caplog: pytest.LogCaptureFixture
) -> None:
    server.schedule(GET_PATH, srv.body(DEEP))
    with pytest.raises(ResponseValidationError):
        await call(make_client(), "GET")
    assert any(
        r.levelno == logging.DEBUG and "response body: [[[" in r.getMessage()
        for r in caplog.records
    )


async def test_documented_empty_reply_is_fine(
    server: srv.FaultServer, make_client: MakeClient
) -> None:
    assert await call(make_client(), "DELETE") is None  # 202 without a body, as documented
    assert server.count("DELETE") == 1


RETRIED_FOR_GET = [
    (408, None, APIStatusError),
    (429, None, RateLimitError),
    (429, "0.05", RateLimitError),
    (500, None, InternalServerError),
    (502, "0.05", InternalServerError),
    (503, None, InternalServerError),
    (503, "Thu, 01 Jan 1970 00:00:00 GMT", InternalServerError),  # a date in the past: now
]


@pytest.mark.parametrize(("code", "retry_after", "error"), RETRIED_FOR_GET)
async def test_get_retries_then_succeeds(
    server: srv.FaultServer,
    make_client: MakeClient,
    code: int,
    retry_after: str | None,
    error: type[APIStatusError],
) -> None:
    server.schedule(GET_PATH, srv.status(code, retry_after), srv.status(code, retry_after))
    started = time.perf_counter()
    await call(make_client(max_retries=2), "GET")
    elapsed = time.perf_counter() - started
    assert server.count("GET") == 3
    if retry_after == "0.05":
        assert elapsed >= 0.1  # two waits of the server's 50 ms, not our 10-20 ms backoff


@pytest.mark.parametrize(("code", "retry_after", "error"), RETRIED_FOR_GET)
async def test_get_gives_up_with_the_status_error(
    server: srv.FaultServer,
    make_client: MakeClient,
    code: int,
    retry_after: str | None,
    error: type[APIStatusError],
) -> None:
    server.schedule(GET_PATH, *[srv.status(code, retry_after)] * 3)
    api = make_client(max_retries=2)
    with pytest.raises(error) as caught:
        await call(api, "GET")
    assert type(caught.value) is error
    assert caught.value.status_code == code
    assert caught.value.message == f"status {code}"
    assert_no_token(caught.value)
    assert server.count("GET") == 3
    await call(api, "GET")


@pytest.mark.parametrize(
    ("code", "error"),
    [(408, APIStatusError), (500, InternalServerError), (503, InternalServerError)],
)
@pytest.mark.parametrize("retry_after", [None, "0"])
async def test_post_is_not_resent_after_408_or_5xx(
    server: srv.FaultServer,
    make_client: MakeClient,
    code: int,
    error: type[APIStatusError],
    retry_after: str | None,
) -> None:
    server.schedule(POST_PATH, srv.status(code, retry_after))
    api = make_client(max_retries=2)
    with pytest.raises(error) as caught:
        await call(api, "POST")
    assert type(caught.value) is error
    assert server.count("POST") == 1
    await call(api, "POST")
    assert server.count("POST") == 2


@pytest.mark.parametrize("retry_after", [None, "0.05"])
async def test_post_is_resent_after_429_only(
    server: srv.FaultServer, make_client: MakeClient, retry_after: str | None
) -> None:
    server.schedule(POST_PATH, srv.status(429, retry_after))
    document = await call(make_client(max_retries=2), "POST")
    assert document.id == 7
    assert server.count("POST") == 2  # 429: the API did nothing, so sending again is safe

    server.schedule(POST_PATH, *[srv.status(429, retry_after)] * 3)
    with pytest.raises(RateLimitError) as caught:
        await call(make_client(max_retries=2), "POST")
    assert caught.value.retry_after == (float(retry_after) if retry_after else None)
    assert server.count("POST") == 5
