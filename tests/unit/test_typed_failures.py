"""Nothing escapes untyped: odd 2xx bodies, deep JSON, a transport's own exceptions, a closed
client; and the messages say what was expected where."""

from __future__ import annotations

import logging
from typing import Any

import httpx
import pytest

from altegio_client import (
    APIConnectionError,
    ClientClosedError,
    InternalServerError,
    ResponseValidationError,
)
from altegio_client._logging import body_for_log

from .helpers import LOCATION, PASSWORD, Recorder, envelope, make_client

DEEP = b"[" * 100_000


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (["a list where the document belongs"], "data: expected object, got array"),
        ({"id": 1, "storage": "Main"}, "data.storage: expected object, got string 'Main'"),
        ({"id": 1, "type": 5}, "data.type: expected object, got integer '5'"),
        ({"id": 1, "company": [1, 2]}, "data.company: expected object, got array"),
    ],
)
async def test_object_mismatch_names_the_place(data: Any, message: str) -> None:
    async with make_client(lambda request: envelope(data)) as api:
        with pytest.raises(ResponseValidationError) as caught:
            await api.location(LOCATION).inventory.get_document(42)
    assert (
        str(caught.value) == f"get_document: HTTP 200 reply does not fit DocumentReply: {message}"
    )


async def test_list_item_mismatch_names_the_index() -> None:
    rows = [{"id": 1, "good": {"id": 2}}, {"id": 3, "good": "not an object"}]
    async with make_client(lambda request: envelope(rows)) as api:
        with pytest.raises(ResponseValidationError) as caught:
            await api.location(LOCATION).inventory.search_for_product_transactions()
    assert str(caught.value).endswith("data[1].good: expected object, got string 'not an object'")


@pytest.mark.parametrize(
    ("reply", "message"),
    [
        (httpx.Response(200), "empty body"),
        (httpx.Response(200, json={"success": True, "meta": []}), "data: missing"),
        (
            httpx.Response(200, json={"success": True, "data": None}),
            "data: expected object, got null",
        ),
        (httpx.Response(200, content=DEEP), "nested too deeply"),
    ],
)
async def test_2xx_without_data_is_an_error(reply: httpx.Response, message: str) -> None:
    async with make_client(lambda request: reply) as api:
        with pytest.raises(ResponseValidationError, match=message):
            await api.location(LOCATION).inventory.get_document(42)


async def test_deep_json_in_an_error_reply_is_still_the_status_error() -> None:
    async with make_client(lambda request: httpx.Response(500, content=DEEP), max_retries=0) as api:
        with pytest.raises(InternalServerError) as caught:
            await api.location(LOCATION).inventory.get_document(42)
    assert isinstance(caught.value.body, str)


async def test_documented_bodiless_reply_is_none() -> None:
    async with make_client(lambda request: httpx.Response(202)) as api:
        raw = await api.location(LOCATION).inventory.with_raw_response.delete_document(42)
    assert (raw.status_code, raw.data) == (202, None)


def test_body_logger_never_raises() -> None:
    assert body_for_log(DEEP).startswith("[[[")
    nested = b"[" * 5000 + b'{"password": "' + PASSWORD.encode() + b'"}' + b"]" * 5000
    assert PASSWORD not in body_for_log(nested)
    assert body_for_log(b"\xff\xfe{") != ""


async def test_debug_log_of_deep_json_does_not_raise(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="altegio_client")
    async with make_client(lambda request: httpx.Response(200, content=DEEP)) as api:
        with pytest.raises(ResponseValidationError):
            await api.location(LOCATION).inventory.get_location_inventories()


async def test_unmapped_transport_exception_is_typed() -> None:
    def broken(request: httpx.Request) -> httpx.Response:
        raise OSError("some socket failure httpx does not map")

    async with make_client(broken, max_retries=2) as api:
        with pytest.raises(APIConnectionError, match="OSError"):
            await api.location(LOCATION).inventory.get_location_inventories()


async def test_closed_client_refuses_with_client_closed_error() -> None:
    rec = Recorder(lambda request: envelope([]))
    api = make_client(rec)
    await api.aclose()
    with pytest.raises(ClientClosedError, match="closed"):
        await api.location(LOCATION).inventory.get_location_inventories()
    assert rec.count == 0


async def test_httpx_closed_underneath_is_client_closed_error() -> None:
    rec = Recorder(lambda request: envelope([]))
    api = make_client(rec)
    await api._shared.http.aclose()  # closed behind the SDK's back: httpx's RuntimeError
    with pytest.raises(ClientClosedError):
        await api.location(LOCATION).inventory.get_location_inventories()
