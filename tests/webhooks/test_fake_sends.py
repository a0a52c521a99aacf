"""FakeAltegio delivers the vendor's events for its writes; a receiver under uvicorn takes them."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from altegio_client.testing import FakeAltegio
from altegio_client.webhooks import Deduplicator, WebhookEvent, parse_event, receiver
from altegio_client.webhooks.models import GoodEvent, GoodsOperationEvent, GoodsOperations

from ..fake._helpers import receipt_body
from ._helpers import serve, write

TOKEN = "fake-hook-token"


async def test_sale_and_receipt_reach_the_handler_once_each_despite_duplicates(
    fake: FakeAltegio,
) -> None:
    demo = fake.demo
    storage, shampoo, mask = demo.storage_ids[0], demo.product_ids[0], demo.product_ids[2]
    where = f"/storage_operations/operation/{demo.location_id}"
    handled: list[WebhookEvent] = []

    async def handle(event: WebhookEvent) -> None:
        handled.append(event)

    dedup = Deduplicator()
    async with serve(receiver(dedup(handle), token=TOKEN)) as url:
        fake.subscribe(
            url + "/altegio",
            ["goods_operations_sale", "goods_operations_receipt"],
            token=TOKEN,
            copies=2,
            delay=0.01,
        )
        receipt = await write(fake, "POST", where, receipt_body(storage, [(mask, 5)]))
        sale = await write(fake, "POST", where, receipt_body(storage, [(shampoo, 2)], type_id=1))
        await fake.webhooks.drain()

    assert [d.status for d in fake.webhooks.deliveries] == [200] * 4  # every copy acknowledged
    assert dedup.skipped == 2
    by_resource = {e.resource: e for e in handled}
    assert len(handled) == 2
    assert sorted(by_resource) == ["goods_operations_receipt", "goods_operations_sale"]
    for event, result, good, amount in (
        (by_resource["goods_operations_receipt"], receipt, mask, 5),
        (by_resource["goods_operations_sale"], sale, shampoo, -2),
    ):
        assert isinstance(event.model, GoodsOperationEvent)
        data = event.data
        assert isinstance(data, GoodsOperations)
        assert (event.company_id, event.status) == (demo.location_id, "create")
        assert event.resource_id == data.id == result["transactions"][0]["id"]
        assert (data.document_id, data.amount) == (result["document"]["id"], amount)
        assert data.to_dict()["good"]["id"] == good
        assert data.to_dict()["storage"]["id"] == storage
        assert data.to_dict()["client"] == []  # no client: the vendor's []


async def test_product_writes_emit_good_events_to_a_callable(fake: FakeAltegio) -> None:
    demo = fake.demo
    got: list[dict[str, Any]] = []
    fake.subscribe(got.append, ["good"])
    piece, millilitre = demo.unit_ids
    body: dict[str, Any] = {
        "title": "Hair spray",
        "category_id": demo.category_ids[0],
        "sale_unit_id": piece,
        "service_unit_id": millilitre,
        "unit_equals": 300,
        "cost": 15,
        "actual_cost": 6,
    }
    goods = f"/goods/{demo.location_id}"
    product_id = (await write(fake, "POST", goods, body))["good_id"]
    await write(fake, "PUT", f"{goods}/{product_id}", {**body, "title": "Strong spray"})
    await write(fake, "DELETE", f"{goods}/{product_id}")
    await write(
        fake,
        "POST",
        f"/storage_operations/operation/{demo.location_id}",
        receipt_body(demo.storage_ids[0], [(demo.product_ids[0], 1)]),
    )  # a goods operation: not subscribed
    await fake.webhooks.drain()
    events = [parse_event(p) for p in got]
    assert [(e.resource, e.status, e.resource_id) for e in events] == [
        ("good", "create", product_id),
        ("good", "update", product_id),
        ("good", "delete", product_id),
    ]
    assert all(isinstance(e.model, GoodEvent) for e in events)
    titles = [e.to_dict()["data"]["title"] for e in events]
    assert titles == ["Hair spray", "Strong spray", "Strong spray"]  # delete: last known data


async def test_failed_delivery_is_retried_like_the_vendor_does(fake: FakeAltegio) -> None:
    fake.webhooks.retry_delay = 0.01
    attempts = 0

    async def flaky(event: WebhookEvent) -> None:
        nonlocal attempts
        attempts += 1
        if attempts < 3:
            raise RuntimeError("not yet")

    demo = fake.demo
    async with serve(receiver(flaky, token=TOKEN)) as url:
        fake.subscribe(url, token=TOKEN)
        await write(
            fake,
            "POST",
            f"/storage_operations/operation/{demo.location_id}",
            receipt_body(demo.storage_ids[0], [(demo.product_ids[0], 1)]),
        )
        await asyncio.wait_for(fake.webhooks.drain(), 5)
    assert [d.status for d in fake.webhooks.deliveries] == [500, 500, 200]


async def test_transaction_changes_by_any_operation_and_location_updates(
    fake: FakeAltegio,
) -> None:
    demo = fake.demo
    got: list[dict[str, Any]] = []
    fake.subscribe(got.append)  # every event
    shop = demo.location_id
    rows = receipt_body(demo.storage_ids[0], [(demo.product_ids[0], 3), (demo.product_ids[1], 1)])
    result = await write(fake, "POST", f"/storage_operations/operation/{shop}", rows)
    first, second = (row["id"] for row in result["transactions"])
    line = {  # the first row again, in its document, with a new amount
        "good_id": demo.product_ids[0],
        "amount": 4,
        "cost": 30,
        "cost_per_unit": 10,
        "discount": 0,
        "operation_unit_type": 1,
        "document_id": result["document"]["id"],
    }
    await write(fake, "PUT", f"/storage_operations/goods_transactions/{shop}/{first}", line)
    await write(fake, "DELETE", f"/storage_operations/documents/{shop}/{result['document']['id']}")
    await write(fake, "PUT", f"/company/{shop}", {"title": "Renamed studio"})
    await write(fake, "GET", f"/company/{shop}")  # a read: no event
    await fake.webhooks.drain()

    assert [(p["resource"], p["status"], p["resource_id"]) for p in got] == [
        ("goods_operations_receipt", "create", first),
        ("goods_operations_receipt", "create", second),
        ("goods_operations_receipt", "update", first),
        ("goods_operations_receipt", "delete", first),  # the document took them along
        ("goods_operations_receipt", "delete", second),
        ("salon", "update", shop),
    ]
    events = [parse_event(p) for p in got]
    amounts = [e.data.amount for e in events if isinstance(e.data, GoodsOperations)]
    assert amounts == [3, 1, 4, 4, 1]
    assert got[-1]["data"]["title"] == "Renamed studio"
    assert all(p["company_id"] == shop for p in got)


async def test_a_broken_payload_builder_never_fails_the_api_call(
    fake: FakeAltegio, monkeypatch: pytest.MonkeyPatch
) -> None:
    got: list[dict[str, Any]] = []
    fake.subscribe(got.append)

    def broken(*args: object) -> Any:
        raise RuntimeError("bug")

    monkeypatch.setattr(fake.webhooks, "_salon", broken)
    data = await write(fake, "PUT", f"/company/{fake.demo.location_id}", {"title": "X"})
    await fake.webhooks.drain()
    assert data["title"] == "X"
    assert got == []
    assert [str(e) for e in fake.webhooks.errors] == ["bug"]
