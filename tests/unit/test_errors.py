"""Every error status, `success: false`, and 2xx bodies that are not what the spec says."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from altegio_client import (
    APIStatusError,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    InternalServerError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    ResponseValidationError,
    UnprocessableEntityError,
)

from .helpers import LOCATION, Recorder, envelope, make_client

FIELD_ERRORS = {"storage_id": ["The storage does not exist"]}


def error_reply(status: int, headers: dict[str, str] | None = None) -> httpx.Response:
    meta = {"message": f"failure {status}", "errors": FIELD_ERRORS}
    all_headers = {"X-Request-Id": f"req-{status}", **(headers or {})}
    return envelope(None, status=status, success=False, meta=meta, headers=all_headers)


@pytest.mark.parametrize(
    ("status", "error_class"),
    [
        (400, BadRequestError),
        (401, AuthenticationError),
        (403, PermissionDeniedError),
        (404, NotFoundError),
        (409, ConflictError),
        (422, UnprocessableEntityError),
        (429, RateLimitError),
        (500, InternalServerError),
        (502, InternalServerError),
        (503, InternalServerError),
        (418, APIStatusError),
    ],
)
async def test_status_maps_to_error_class(status: int, error_class: type[APIStatusError]) -> None:
    rec = Recorder(lambda request: error_reply(status))
    async with make_client(rec, max_retries=0) as api:
        with pytest.raises(APIStatusError) as caught:
            await api.location(LOCATION).inventory.get_document(42)
    error = caught.value
    assert type(error) is error_class
    assert error.status_code == status
    assert error.message == f"failure {status}"
    assert error.errors == FIELD_ERRORS
    assert error.request_id == f"req-{status}"
    assert error.body == {
        "success": False,
        "data": None,
        "meta": {"message": f"failure {status}", "errors": FIELD_ERRORS},
    }
    assert error.response.status_code == status
    assert str(error) == f"HTTP {status}: failure {status} (request id req-{status})"
    assert rec.count == 1


async def test_rate_limit_error_carries_retry_after() -> None:
    rec = Recorder(lambda request: error_reply(429, {"Retry-After": "7"}))
    async with make_client(rec, max_retries=0) as api:
        with pytest.raises(RateLimitError) as caught:
            await api.location(LOCATION).inventory.get_location_inventories()
    assert caught.value.retry_after == 7.0
    assert caught.value.request_id == "req-429"


async def test_rate_limit_error_without_retry_after() -> None:
    rec = Recorder(lambda request: error_reply(429))
    async with make_client(rec, max_retries=0) as api:
        with pytest.raises(RateLimitError) as caught:
            await api.location(LOCATION).inventory.get_location_inventories()
    assert caught.value.retry_after is None


async def test_success_false_on_200_is_a_status_error() -> None:
    def respond(request: httpx.Request) -> httpx.Response:
        return envelope(None, success=False, meta={"message": "Document is locked"})

    async with make_client(respond) as api:
        with pytest.raises(APIStatusError) as caught:
            await api.location(LOCATION).inventory.get_document(42)
    assert type(caught.value) is APIStatusError
    assert caught.value.status_code == 200
    assert caught.value.message == "Document is locked"
    assert caught.value.errors == {}


async def test_error_without_meta_message_uses_reason_phrase() -> None:
    def respond(request: httpx.Request) -> httpx.Response:
        return httpx.Response(404, json={"success": False, "data": None, "meta": []})

    async with make_client(respond) as api:
        with pytest.raises(NotFoundError) as caught:
            await api.location(LOCATION).inventory.get_document(42)
    assert caught.value.message == "Not Found"
    assert caught.value.request_id is None


async def test_error_with_legacy_errors_object_uses_its_message() -> None:
    def respond(request: httpx.Request) -> httpx.Response:
        return httpx.Response(403, json={"errors": {"code": 403, "message": "Access denied"}})

    async with make_client(respond) as api:
        with pytest.raises(PermissionDeniedError) as caught:
            await api.location(LOCATION).inventory.get_document(42)
    assert caught.value.message == "Access denied"
    assert caught.value.errors == {"": ["Access denied"]}


async def test_non_json_error_body_is_kept_as_text() -> None:
    def respond(request: httpx.Request) -> httpx.Response:
        return httpx.Response(502, text="<html>Bad gateway</html>")

    async with make_client(respond, max_retries=0) as api:
        with pytest.raises(InternalServerError) as caught:
            await api.location(LOCATION).inventory.get_document(42)
    assert caught.value.body == "<html>Bad gateway</html>"
    assert caught.value.message == "Bad Gateway"


async def test_non_json_success_is_response_validation_error() -> None:
    def respond(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, text="<html>maintenance</html>", headers={"X-Request-Id": "r1"})

    async with make_client(respond) as api:
        with pytest.raises(ResponseValidationError) as caught:
            await api.location(LOCATION).inventory.get_document(42)
    assert caught.value.body == "<html>maintenance</html>"
    assert caught.value.status_code == 200
    assert caught.value.request_id == "r1"


@pytest.mark.parametrize(
    "body",
    [
        {"success": True, "data": "not an object", "meta": []},
        {"success": True, "data": {"id": 1, "type": 5}, "meta": []},
        {"success": True, "data": {"id": 1, "storage": "Main"}, "meta": []},
        {"success": True, "data": {"id": 1, "company": [1, 2]}, "meta": []},
        {"success": True, "data": 17, "meta": []},
        {"success": True, "data": {"id": 1}, "meta": "bad meta"},
        ["not", "an", "envelope"],
        "just a string",
        12,
    ],
)
async def test_success_body_that_does_not_fit_the_model(body: Any) -> None:
    async with make_client(lambda request: httpx.Response(200, json=body)) as api:
        with pytest.raises(ResponseValidationError) as caught:
            await api.location(LOCATION).inventory.get_document(42)
    assert caught.value.body == body
    assert "DocumentReply" in str(caught.value)


@pytest.mark.parametrize(
    "data",
    [
        {"id": 1, "title": "an object where a list belongs"},
        "a string where a list belongs",
        5,
        [{"id": 1, "good": "not an object"}],
        [3, 4],
    ],
)
async def test_list_body_that_does_not_fit_the_model(data: Any) -> None:
    async with make_client(lambda request: envelope(data)) as api:
        with pytest.raises(ResponseValidationError):
            await api.location(LOCATION).inventory.search_for_product_transactions()


async def test_unknown_fields_are_kept() -> None:
    data = {"id": 7, "title": "Main", "brand_new_field": {"x": 1}}
    async with make_client(lambda request: envelope([data])) as api:
        (storage,) = await api.location(LOCATION).inventory.get_location_inventories()
    assert storage.id == 7
    assert storage.additional_properties == {"brand_new_field": {"x": 1}}
