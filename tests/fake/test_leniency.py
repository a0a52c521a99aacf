"""What the real API accepts, the fake accepts: trailing slashes, ids sent as 1002.0, both
query spellings of the category ids, and requests without an Accept header (logged; refused
only in strict mode)."""

from __future__ import annotations

import copy
from typing import Any

import httpx
import pytest

from altegio_client import Altegio, APIStatusError
from altegio_client.testing import FakeAltegio
from altegio_client.testing._validation import load_default_spec

from ._helpers import auth_header

BASE = FakeAltegio.base_url
VENDOR = "application/vnd.api.v2+json"


def http(fake: FakeAltegio, accept: str | None = VENDOR) -> httpx.AsyncClient:
    """A plain httpx client on the fake, with the demo tokens and the Accept given."""
    headers = auth_header(fake.demo.partner_token, fake.demo.user_token)
    if accept is not None:
        headers["Accept"] = accept
    return httpx.AsyncClient(transport=fake.transport, base_url=BASE, headers=headers)


@pytest.mark.parametrize(
    "path",
    [
        "/company/{loc}",
        "/company/{loc}/",
        "/technological_cards/{loc}/",
        "/storages/{loc}/",
        "/technological_cards/record_consumables/{loc}/{record}/",
    ],
)
async def test_paths_with_and_without_a_trailing_slash(fake: FakeAltegio, path: str) -> None:
    demo = fake.demo
    async with http(fake) as client:
        reply = await client.get(path.format(loc=demo.location_id, record=demo.record_id))
    assert reply.status_code == 200, reply.text
    assert reply.json()["success"] is True


async def test_a_spec_whose_template_ends_with_a_slash() -> None:
    """The vendor's bundle spells some templates with the slash; both forms must route."""
    spec = copy.deepcopy(load_default_spec())
    spec["paths"]["/company/{location_id}/"] = spec["paths"].pop("/company/{location_id}")
    fake = FakeAltegio(rate_limit=None, validate_responses=True, spec=spec)
    async with http(fake) as client:
        for path in (f"/company/{fake.demo.location_id}", f"/company/{fake.demo.location_id}/"):
            reply = await client.get(path)
            assert reply.status_code == 200, reply.text


async def test_whole_number_float_ids_are_the_integer_id(fake: FakeAltegio) -> None:
    demo = fake.demo
    retail = demo.storage_ids[0]
    shampoo = demo.product_ids[0]
    body: dict[str, Any] = {
        "type_id": 3.0,
        "storage_id": float(retail),
        "create_date": "2026-09-21T23:00:00-05:00",
        "goods_transactions": [
            {
                "document_id": 0,
                "good_id": float(shampoo),
                "amount": 2.0,
                "cost_per_unit": 10.0,
                "discount": 0.0,
                "cost": 20.0,
                "operation_unit_type": 1.0,
            }
        ],
    }
    async with http(fake) as client:
        reply = await client.post(f"/storage_operations/operation/{demo.location_id}.0", json=body)
        assert reply.status_code == 200, reply.text
        data = reply.json()["data"]
        assert data["document"]["storage_id"] == retail
        assert type(data["document"]["storage_id"]) is int
        assert data["transactions"][0]["good_id"] == shampoo
        document_id = data["document"]["id"]
        fetched = await client.get(
            f"/storage_operations/documents/{demo.location_id}/{document_id}.0"
        )
        assert fetched.status_code == 200, fetched.text
        assert fetched.json()["data"]["id"] == document_id
        listed = await client.get(
            f"/goods_categories/multiple/{demo.location_id}",
            params={"ids[]": [f"{demo.category_ids[0]}.0"]},
        )
        assert [c["id"] for c in listed.json()["data"]] == [demo.category_ids[0]]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"id": 0}, [0]),
        ({"ids[]": [0, 1]}, [0, 1]),
        ({"id": 1, "ids[]": [0, 1]}, [1, 0]),
        ({}, []),
    ],
)
async def test_category_list_by_ids_reads_id_and_ids(
    fake: FakeAltegio, params: dict[str, Any], expected: list[int]
) -> None:
    categories = fake.demo.category_ids
    query = {
        name: [categories[i] for i in value] if isinstance(value, list) else categories[value]
        for name, value in params.items()
    }
    async with http(fake) as client:
        reply = await client.get(
            f"/goods_categories/multiple/{fake.demo.location_id}", params=query
        )
    assert reply.status_code == 200, reply.text
    assert [c["id"] for c in reply.json()["data"]] == [categories[i] for i in expected]


async def test_sdk_by_ids_with_id(fake: FakeAltegio) -> None:
    hair, shampoos = fake.demo.category_ids
    async with fake.client(max_retries=0) as api:
        shop = api.location(fake.demo.location_id)
        found = await shop.products.get_product_category_list_by_ids(id=hair, ids=[shampoos])
    assert [c.id for c in found] == [hair, shampoos]


async def test_missing_accept_is_served_and_logged(fake: FakeAltegio) -> None:
    async with http(fake, accept=None) as client:
        # httpx adds "Accept: */*" by default; remove it to send none at all
        request = client.build_request("GET", f"/company/{fake.demo.location_id}")
        del request.headers["Accept"]
        reply = await client.send(request)
    assert reply.status_code == 200
    async with fake.client(max_retries=0) as api:
        await api.location(fake.demo.location_id).locations.get_location()
    first, second = fake.requests[-2:]
    assert (first.accept, second.accept) == (None, VENDOR)
    assert first.path == second.path == f"/company/{fake.demo.location_id}"
    assert first.status == second.status == 200
    for recorded in fake.requests:
        assert recorded.headers["authorization"] == "***"
        assert fake.demo.partner_token not in repr(recorded)


@pytest.mark.parametrize(
    ("accept", "status"),
    [
        (None, 406),
        ("*/*", 406),
        ("application/json", 406),
        (VENDOR, 200),
        (f"application/json, {VENDOR}; q=0.9", 200),
    ],
)
async def test_strict_accept(accept: str | None, status: int) -> None:
    fake = FakeAltegio(rate_limit=None, validate_responses=True, strict_accept=True)
    async with http(fake, accept=accept) as client:
        request = client.build_request("GET", f"/company/{fake.demo.location_id}")
        if accept is None:
            del request.headers["Accept"]
        reply = await client.send(request)
    assert reply.status_code == status, reply.text
    if status == 406:
        assert reply.json()["meta"]["message"] == f"The Accept header must ask for {VENDOR}"


async def test_strict_accept_and_the_sdk() -> None:
    fake = FakeAltegio(rate_limit=None, strict_accept=True)
    async with fake.client(max_retries=0) as api:
        await api.location(fake.demo.location_id).locations.get_location()  # the SDK asks right
    async with Altegio(
        fake.demo.partner_token,
        fake.demo.user_token,
        transport=fake.transport,
        rate_limit=None,
        accept="application/json",
    ) as api:
        with pytest.raises(APIStatusError) as caught:
            await api.location(fake.demo.location_id).locations.get_location()
    assert caught.value.status_code == 406


@pytest.mark.parametrize("body", [b"[" * 100_000, b'{"a":' * 5000 + b"1" + b"}" * 5000])
async def test_deeply_nested_request_body_is_422_not_a_crash(
    fake: FakeAltegio, body: bytes
) -> None:
    async with http(fake) as client:
        reply = await client.post(
            f"/storage_operations/documents/{fake.demo.location_id}",
            content=body,
            headers={"Content-Type": "application/json"},
        )
    assert reply.status_code == 422
    assert reply.json()["meta"]["message"] == "The request body is nested too deeply"
