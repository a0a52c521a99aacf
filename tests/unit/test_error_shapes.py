"""Field errors in every shape the vendor sends become one `{field: [messages]}` map; typed meta;
argument errors name the JSON key the caller wrote."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from altegio_client import APIStatusError, InvalidRequestError, Meta, UnprocessableEntityError
from altegio_client._errors import normalize_errors

from .helpers import LOCATION, envelope, make_client


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ({"title": ["is required", "is too short"]}, {"title": ["is required", "is too short"]}),
        (
            {"title": "is required", "amount": "must be > 0"},
            {"title": ["is required"], "amount": ["must be > 0"]},
        ),
        (
            [
                {"field": "title", "message": "is required"},
                {"field": "title", "message": "too long"},
            ],
            {"title": ["is required", "too long"]},
        ),
        (
            [{"[title]": ["is required"]}, {"[amount]": ["must be > 0"]}],
            {"title": ["is required"], "amount": ["must be > 0"]},
        ),
        ({"code": 403, "message": "Access denied"}, {"": ["Access denied"]}),
        ([{"code": 9, "message": "Try later"}], {"": ["Try later"]}),
        (["plain text"], {"": ["plain text"]}),
        (None, {}),
        ([], {}),
        ({}, {}),
        (42, {}),
    ],
)
def test_normalize_errors(raw: Any, expected: dict[str, list[str]]) -> None:
    assert normalize_errors(raw) == expected


@pytest.mark.parametrize(
    ("body", "errors"),
    [
        (
            {
                "success": False,
                "data": None,
                "meta": {"message": "Invalid", "errors": {"storage_id": "unknown storage"}},
            },
            {"storage_id": ["unknown storage"]},
        ),
        (
            {
                "success": False,
                "data": None,
                "meta": {"message": "Invalid", "errors": [{"field": "amount", "message": "> 0"}]},
            },
            {"amount": ["> 0"]},
        ),
        (
            {
                "success": False,
                "data": None,
                "meta": {"message": "Invalid", "errors": [{"[title]": ["required"]}]},
            },
            {"title": ["required"]},
        ),
        ({"errors": {"code": 422, "message": "Invalid"}}, {"": ["Invalid"]}),
    ],
)
async def test_each_shape_on_the_wire(body: dict[str, Any], errors: dict[str, list[str]]) -> None:
    async with make_client(lambda request: httpx.Response(422, json=body)) as api:
        with pytest.raises(UnprocessableEntityError) as caught:
            await api.location(LOCATION).inventory.get_document(42)
    assert caught.value.errors == errors
    assert caught.value.body == body  # the reply as it arrived
    assert caught.value.message == "Invalid"


async def test_meta_is_typed_with_extra_keys_kept() -> None:
    meta = {"count": "3", "total_count": 7, "message": "ok", "page_hint": "x"}
    async with make_client(lambda request: envelope([], meta=meta)) as api:
        raw = await api.location(
            LOCATION
        ).inventory.with_raw_response.search_for_product_transactions()
    assert raw.meta == Meta(count=3, total_count=7, message="ok", extra={"page_hint": "x"})
    assert raw.envelope["meta"]["page_hint"] == "x"  # the JSON as it arrived stays reachable


def test_meta_of_empty_or_odd_replies() -> None:
    assert Meta.from_json([]) == Meta()
    assert Meta.from_json(None).total_count is None
    odd = Meta.from_json({"count": "many", "message": 5, "total_count": True})
    assert (odd.count, odd.total_count, odd.message) == (None, None, None)
    assert dict(odd.extra) == {"count": "many", "message": 5, "total_count": True}


async def test_success_false_without_errors_has_an_empty_map() -> None:
    async with make_client(lambda r: envelope(None, success=False, meta={"message": "no"})) as api:
        with pytest.raises(APIStatusError) as caught:
            await api.location(LOCATION).inventory.get_document(42)
    assert caught.value.errors == {}


async def test_body_field_errors_name_the_json_key() -> None:
    async with make_client(lambda request: envelope({})) as api:
        with pytest.raises(InvalidRequestError) as caught:
            await api.location(LOCATION).custom_fields.create_custom_field(
                "client",
                body={  # type: ignore[arg-type]
                    "type": 5,
                    "code": "c",
                    "title": "t",
                    "user_can_edit": True,
                    "show_in_ui": True,
                },
            )
    assert "body.type must be" in str(caught.value)
    assert "type_" not in str(caught.value)


async def test_query_parameter_errors_name_the_json_key() -> None:
    async with make_client(lambda request: envelope([])) as api:
        with pytest.raises(InvalidRequestError) as caught:
            await api.location(LOCATION).fiscalization.get_fiscal_transaction_list(
                type_="x"  # type: ignore[arg-type]
            )
    assert "type must be int" in str(caught.value)
    assert "type_" not in str(caught.value)
