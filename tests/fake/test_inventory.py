"""Documents, transactions and stock, through the public client."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from altegio_client import (
    Altegio,
    InvalidRequestError,
    LocationScope,
    NotFoundError,
    UnprocessableEntityError,
)
from altegio_client.models import AppointmentConsumablesRequestConsumablesItemDict
from altegio_client.testing import DemoSeed, FakeAltegio

from ._helpers import known, operation_parts, receipt_body, stock_of

SALE, RECEIPT, WRITE_OFF = 1, 3, 4


async def test_document_crud_round_trip(shop: LocationScope, demo: DemoSeed) -> None:
    retail, consumables = demo.storage_ids
    created = await shop.inventory.create_document(
        body={
            "create_date": "2026-09-21T23:00:00.000-05:00",
            "storage_id": retail,
            "type_id": RECEIPT,
            "comment": "first delivery",
        }
    )
    assert created.storage_id == retail
    # the vendor's examples show this date as "2026-04-24 20:00:00": not RFC 3339, kept as text
    assert created.create_date == "2026-09-21T23:00:00.000-05:00"
    assert known(created.type_).id == RECEIPT
    assert known(created.company).id == demo.location_id
    document_id = known(created.id)

    fetched = await shop.inventory.get_document(document_id)
    # the bundle's examples send the location's UTC offset as text, the user id as a number
    assert known(created.company).timezone == "-5"
    assert known(fetched.company).timezone == "-5"
    assert known(fetched.user).id == demo.user_id
    same = {k: v for k, v in fetched.to_dict().items() if k not in ("company", "user")}
    assert same == {k: v for k, v in created.to_dict().items() if k not in ("company", "user")}

    updated = await shop.inventory.update_document(
        document_id,
        body={
            "create_date": "2026-09-22 10:30:00",
            "storage_id": consumables,
            "type_id": RECEIPT,
            "comment": "moved",
        },
    )
    assert (updated.storage_id, updated.comment) == (consumables, "moved")
    # a naive time is read in the location's zone, and sent back in the vendor's format
    assert updated.to_dict()["create_date"] == "2026-09-22T10:30:00.000-05:00"
    assert (await shop.inventory.get_document(document_id)).comment == "moved"

    await shop.inventory.delete_document(document_id)
    with pytest.raises(NotFoundError):
        await shop.inventory.get_document(document_id)


async def test_transaction_crud_round_trip(
    api: Altegio, shop: LocationScope, demo: DemoSeed
) -> None:
    retail = demo.storage_ids[0]
    shampoo, conditioner = demo.product_ids[:2]
    document = await shop.inventory.create_document(
        body={"create_date": "2026-09-21", "storage_id": retail, "type_id": SALE}
    )
    document_id = known(document.id)
    created = await shop.inventory.create_transaction(
        body={
            "document_id": document_id,
            "good_id": shampoo,
            "amount": 2,
            "cost": 36,
            "cost_per_unit": 20,
            "discount": 10,
            "operation_unit_type": 1,
            "master_id": demo.team_member_id,
        }
    )
    assert created.amount == -2  # sales are stored negative
    assert created.to_dict()["master"] == {"id": demo.team_member_id, "name": "Alex Stylist"}
    assert created.supplier == []  # unset related objects come as []
    assert created.client == []
    assert known(created.good).id == shampoo
    tx_id = known(created.id)

    fetched = (await shop.inventory.get_transaction(tx_id)).to_dict()
    # the examples send the good's loyalty type ids as text
    assert fetched["good"]["loyalty_abonement_type_id"] == "0"
    assert created.to_dict()["good"]["loyalty_abonement_type_id"] == "0"
    assert {**fetched, "good": None} == {**created.to_dict(), "good": None}

    updated = await shop.inventory.update_transaction(
        tx_id,
        body={
            "document_id": document_id,
            "good_id": conditioner,
            "amount": 1,
            "cost": 18,
            "cost_per_unit": 18,
            "discount": 0,
            "operation_unit_type": 1,
        },
    )
    assert (updated.id, updated.good_id, updated.amount) == (tx_id, conditioner, -1)
    assert updated.master == []

    listed = await api.inventory.get_document_product_transactions(document_id)
    assert [(row.id, row.good_id, row.amount) for row in listed] == [(tx_id, conditioner, -1)]

    await shop.inventory.delete_transaction(tx_id)
    with pytest.raises(NotFoundError):
        await shop.inventory.get_transaction(tx_id)
    assert await api.inventory.get_document_product_transactions(document_id) == []


async def test_stock_after_receipt_and_sale(shop: LocationScope, demo: DemoSeed) -> None:
    retail = demo.storage_ids[0]
    mask = demo.product_ids[2]
    before = stock_of(await shop.products.get_product(mask), retail)

    await shop.inventory.create_inventory_operation(body=receipt_body(retail, [(mask, 12)]))
    sale = await shop.inventory.create_inventory_operation(
        body=receipt_body(retail, [(mask, 5)], type_id=SALE)
    )

    assert [t.amount for t in operation_parts(sale)[1]] == [-5]
    assert stock_of(await shop.products.get_product(mask), retail) == before + 12 - 5


async def test_write_off_units_convert_to_sale_units(shop: LocationScope, demo: DemoSeed) -> None:
    consumables = demo.storage_ids[1]
    shampoo = demo.product_ids[0]  # 1 bottle = 250 ml in the demo data
    before = stock_of(await shop.products.get_product(shampoo), consumables)
    body = receipt_body(consumables, [(shampoo, 125)], type_id=WRITE_OFF, unit_type=2)
    await shop.inventory.create_inventory_operation(body=body)
    assert stock_of(await shop.products.get_product(shampoo), consumables) == before - 0.5


async def test_deleting_a_document_removes_its_transactions_and_reverts_stock(
    shop: LocationScope, demo: DemoSeed
) -> None:
    retail = demo.storage_ids[0]
    shampoo, conditioner = demo.product_ids[:2]
    before = [stock_of(await shop.products.get_product(p), retail) for p in (shampoo, conditioner)]

    result = await shop.inventory.create_inventory_operation(
        body=receipt_body(retail, [(shampoo, 3), (conditioner, 4)])
    )
    after = [stock_of(await shop.products.get_product(p), retail) for p in (shampoo, conditioner)]
    assert after == [before[0] + 3, before[1] + 4]

    document_id, transactions = operation_parts(result)
    await shop.inventory.delete_document(document_id)
    for tx in transactions:
        with pytest.raises(NotFoundError):
            await shop.inventory.get_transaction(tx.id)
    found = await shop.inventory.search_for_product_transactions(document_id=document_id)
    assert found == []
    restored = [
        stock_of(await shop.products.get_product(p), retail) for p in (shampoo, conditioner)
    ]
    assert restored == before


async def test_changing_a_documents_storage_moves_its_stock(
    shop: LocationScope, demo: DemoSeed
) -> None:
    retail, consumables = demo.storage_ids
    mask = demo.product_ids[2]
    result = await shop.inventory.create_inventory_operation(body=receipt_body(retail, [(mask, 7)]))
    document_id, transactions = operation_parts(result)
    await shop.inventory.update_document(
        document_id,
        body={"create_date": "2026-09-21", "storage_id": consumables, "type_id": RECEIPT},
    )
    product = await shop.products.get_product(mask)
    assert (stock_of(product, retail), stock_of(product, consumables)) == (0, 7)
    moved = await shop.inventory.get_transaction(transactions[0].id)
    assert moved.storage_id == consumables


async def test_inventory_operation_is_all_or_nothing(
    fake: FakeAltegio, shop: LocationScope, demo: DemoSeed
) -> None:
    retail = demo.storage_ids[0]
    shampoo = demo.product_ids[0]
    documents_before = len(fake.store.documents)
    stock_before = fake.stock(demo.location_id, shampoo)

    body = receipt_body(retail, [(shampoo, 5), (999_999, 1)])  # second product does not exist
    with pytest.raises(UnprocessableEntityError) as caught:
        await shop.inventory.create_inventory_operation(body=body)

    assert "goods_transactions.1.good_id" in caught.value.errors
    assert len(fake.store.documents) == documents_before
    assert fake.stock(demo.location_id, shampoo) == stock_before
    assert await shop.inventory.search_for_product_transactions() == []


async def test_search_filters_by_dates_and_document(shop: LocationScope, demo: DemoSeed) -> None:
    retail = demo.storage_ids[0]
    shampoo = demo.product_ids[0]
    days = ["2026-03-01T10:00:00-05:00", "2026-03-02T10:00:00-05:00", "2026-03-03T23:59:00-05:00"]
    documents = []
    for day in days:
        result = await shop.inventory.create_inventory_operation(
            body=receipt_body(retail, [(shampoo, 1)], when=day)
        )
        documents.append(operation_parts(result)[0])

    search = shop.inventory.search_for_product_transactions
    in_range = await search(start_date="2026-03-02", end_date="2026-03-03")
    assert [t.document_id for t in in_range] == documents[1:]
    assert [t.document_id for t in await search(end_date="2026-03-01")] == documents[:1]
    assert [t.document_id for t in await search(document_id=documents[1])] == [documents[1]]
    # the search's date format, kept as the API sent it
    assert all(t.to_dict()["create_date"].endswith("-0500") for t in in_range)


async def test_search_filters_by_change_time(demo: DemoSeed) -> None:
    moments = iter(datetime(2026, 5, 1, 12, tzinfo=UTC) + timedelta(hours=h) for h in range(100))
    now = [next(moments)]
    fake = FakeAltegio(rate_limit=None, validate_responses=True, clock=lambda: now[0])
    retail, shampoo = fake.demo.storage_ids[0], fake.demo.product_ids[0]
    async with fake.client(max_retries=0) as api:
        shop = api.location(fake.demo.location_id)
        ids = []
        for _ in range(3):
            now[0] = next(moments)  # 13:00, 14:00, 15:00 UTC
            result = await shop.inventory.create_inventory_operation(
                body=receipt_body(retail, [(shampoo, 1)])
            )
            ids.append(operation_parts(result)[1][0].id)
        search = shop.inventory.search_for_product_transactions
        after = await search(changed_after="2026-05-01T14:00:00+00:00")
        before = await search(changed_before="2026-05-01T09:30:00-05:00")  # 14:30 UTC
        assert [t.id for t in after] == ids[1:]
        assert [t.id for t in before] == ids[:2]


async def test_search_paginates(api: Altegio, shop: LocationScope, demo: DemoSeed) -> None:
    retail = demo.storage_ids[0]
    shampoo = demo.product_ids[0]
    result = await shop.inventory.create_inventory_operation(
        body=receipt_body(retail, [(shampoo, 1)] * 7)
    )
    transactions = operation_parts(result)[1]
    search = shop.inventory.search_for_product_transactions
    first, third = await search(page=1, count=3), await search(page=3, count=3)
    assert [t.id for t in first] == [t.id for t in transactions[:3]]
    assert [t.id for t in third] == [transactions[6].id]
    assert await search(page=4, count=3) == []

    walked = [t.id async for t in api.paginate(search, page_size=3)]
    assert walked == [t.id for t in transactions]
    raw = await shop.inventory.with_raw_response.search_for_product_transactions(count=2)
    assert raw.envelope["meta"] == []  # as the vendor's example shows: no count here
    assert raw.meta.count is None
    assert raw.meta.total_count is None


async def test_unknown_ids_are_404(shop: LocationScope, api: Altegio) -> None:
    with pytest.raises(NotFoundError):
        await shop.inventory.get_document(424242)
    with pytest.raises(NotFoundError):
        await shop.inventory.delete_transaction(424242)
    with pytest.raises(NotFoundError):
        await api.inventory.get_document_product_transactions(424242)


async def test_body_references_to_unknown_objects_are_422(
    shop: LocationScope, demo: DemoSeed
) -> None:
    with pytest.raises(UnprocessableEntityError) as caught:
        await shop.inventory.create_document(
            body={"create_date": "2026-09-21", "storage_id": 424242, "type_id": RECEIPT}
        )
    assert "storage_id" in caught.value.errors
    # create_date is a date-time: text that is not one is refused before anything is sent
    with pytest.raises(InvalidRequestError) as refused:
        await shop.inventory.create_document(
            body={"create_date": "not a date", "storage_id": demo.storage_ids[0], "type_id": 3}
        )
    assert "not a date" in str(refused.value)


async def test_bills_of_materials_and_appointment_consumables(
    shop: LocationScope, demo: DemoSeed
) -> None:
    inventory = shop.inventory
    cards = await inventory.get_bill_of_materials_list(search="wash")
    assert [c.id for c in cards] == [demo.bill_of_materials_id]
    assert await inventory.get_bill_of_materials_list(search="nothing like it") == []
    default = await inventory.get_team_member_service_bill_of_materials(
        demo.team_member_id, demo.service_id
    )
    assert default.id == demo.bill_of_materials_id
    with pytest.raises(NotFoundError):
        await inventory.get_team_member_service_bill_of_materials(demo.team_member_id, 1)

    [service] = await inventory.get_appointment_consumables(demo.record_id)
    assert [c.id for c in known(service.technological_cards)] == [demo.bill_of_materials_id]
    assert service.consumables == []

    row: AppointmentConsumablesRequestConsumablesItemDict = {
        "amount": 15,
        "good_id": demo.product_ids[0],
        "goods_transaction_id": 0,
        "price": 1,
        "record_id": demo.record_id,
        "service_id": demo.service_id,
        "storage_id": demo.storage_ids[1],
    }
    [service] = await inventory.update_appointment_service_consumables(
        demo.record_id, demo.service_id, body={"consumables": [row]}
    )
    rows = known(service.consumables)
    assert [(c.good_id, c.amount) for c in rows] == [(demo.product_ids[0], 15)]

    [unlinked] = await inventory.unlink_appointment_service_association(
        demo.record_id, demo.service_id, delete_consumables=1
    )
    assert (unlinked.technological_cards, unlinked.consumables) == ([], [])
    with pytest.raises(NotFoundError):
        await inventory.get_appointment_consumables(424242)
