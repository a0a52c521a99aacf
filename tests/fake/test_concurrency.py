"""Concurrent writers: every update must land (state changes are atomic per request)."""

from __future__ import annotations

import asyncio

from altegio_client import Altegio, LocationScope
from altegio_client.testing import DemoSeed, FakeAltegio

from ._helpers import known, operation_parts, receipt_body

WRITERS = 50


async def test_fifty_concurrent_writers_lose_no_update(
    fake: FakeAltegio, api: Altegio, shop: LocationScope, demo: DemoSeed
) -> None:
    retail = demo.storage_ids[0]
    mask = demo.product_ids[2]
    document = await shop.inventory.create_document(
        body={"create_date": "2026-09-21", "storage_id": retail, "type_id": 3}
    )

    async def writer(n: int) -> int:
        if n % 2:  # half add single transactions to one shared document...
            tx = await shop.inventory.create_transaction(
                body={
                    "document_id": known(document.id),
                    "good_id": mask,
                    "amount": 1,
                    "cost": 1,
                    "cost_per_unit": 1,
                    "discount": 0,
                    "operation_unit_type": 1,
                }
            )
            return known(tx.id)
        # ...half create whole documents with two lines each
        result = await shop.inventory.create_inventory_operation(
            body=receipt_body(retail, [(mask, 1), (mask, 1)])
        )
        return operation_parts(result)[0]

    ids = await asyncio.gather(*(writer(n) for n in range(WRITERS)))

    assert len(set(ids)) == WRITERS
    expected_units = WRITERS // 2 * 1 + WRITERS // 2 * 2
    assert fake.stock(demo.location_id, mask) == {retail: expected_units}
    shared = await api.inventory.get_document_product_transactions(known(document.id))
    assert len(shared) == WRITERS // 2
    everything = [t async for t in api.paginate(shop.inventory.search_for_product_transactions)]
    assert len(everything) == expected_units
