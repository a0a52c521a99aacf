"""Every reply of the fake fits the spec: each operation is called once and its reply checked."""

from __future__ import annotations

from typing import cast

import pytest

from altegio_client import Altegio, AuthenticationError
from altegio_client.models import (
    AppointmentConsumablesRequestConsumablesItemDict,
    GoodsTransactionRequestDict,
    UpdateEventNotificationSettingsBodyDict,
)
from altegio_client.testing import FakeAltegio, ResponseMismatch
from altegio_client.testing import _render as render
from altegio_client.testing._ops import HANDLERS
from altegio_client.testing._validation import SpecChecker, SpecRequest, SpecResponse
from altegio_client.webhooks import EVENTS

from ._helpers import int_id, known, operation_parts, receipt_body


@pytest.fixture
def checked(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str, int]]:
    """(method, path template, status) of every reply the checker passed."""
    seen: list[tuple[str, str, int]] = []
    original = SpecChecker.check_response

    def recording(self: SpecChecker, request: SpecRequest, response: SpecResponse) -> None:
        original(self, request, response)
        seen.append((request.method.upper(), request.path_pattern or "", response.status_code))

    monkeypatch.setattr(SpecChecker, "check_response", recording)
    return seen


async def _call_every_operation(fake: FakeAltegio) -> None:
    demo = fake.demo
    retail, consumables = demo.storage_ids
    shampoo = demo.product_ids[0]
    piece, millilitre = demo.unit_ids
    async with Altegio(
        demo.partner_token, transport=fake.transport, rate_limit=None, max_retries=0
    ) as api:
        await api.login(demo.login, demo.password)
        shop = api.location(demo.location_id)
        inventory, products = shop.inventory, shop.products

        await api.locations.get_location_list()
        await shop.locations.get_location()
        await shop.locations.update_location(body={"title": "Demo Salon", "zip": "10001"})

        await inventory.get_location_inventories()
        result = await inventory.create_inventory_operation(
            body=receipt_body(retail, [(shampoo, 2)])
        )
        document = await inventory.create_document(
            body={"create_date": "2026-09-21", "storage_id": retail, "type_id": 1}
        )
        document_id = known(document.id)
        await inventory.get_document(document_id)
        await inventory.update_document(
            document_id, body={"create_date": "2026-09-22", "storage_id": retail, "type_id": 1}
        )
        line: GoodsTransactionRequestDict = {
            "document_id": document_id,
            "good_id": shampoo,
            "amount": 1,
            "cost": 20,
            "cost_per_unit": 20,
            "discount": 0,
            "operation_unit_type": 1,
            "master_id": demo.team_member_id,
            "supplier_id": 5,
            "client_id": 6,
        }
        tx_id = known((await inventory.create_transaction(body=line)).id)
        await inventory.get_transaction(tx_id)
        await inventory.update_transaction(tx_id, body={**line, "amount": 2})
        await api.inventory.get_document_product_transactions(operation_parts(result)[0])
        await inventory.search_for_product_transactions(start_date="2026-01-01", count=10)
        await inventory.delete_transaction(tx_id)
        await inventory.delete_document(document_id)

        await inventory.get_bill_of_materials_list()
        await inventory.get_team_member_service_bill_of_materials(
            demo.team_member_id, demo.service_id
        )
        await inventory.get_appointment_consumables(demo.record_id)
        row: AppointmentConsumablesRequestConsumablesItemDict = {
            "amount": 3,
            "good_id": shampoo,
            "goods_transaction_id": 0,
            "price": 1,
            "record_id": demo.record_id,
            "service_id": demo.service_id,
            "storage_id": consumables,
        }
        await inventory.update_appointment_service_consumables(
            demo.record_id, demo.service_id, body={"consumables": [row]}
        )
        await inventory.unlink_appointment_service_association(demo.record_id, demo.service_id)

        await products.get_products_list()
        await products.search_product(term="a")
        created_product = await products.create_product(
            body={
                "title": "Comb",
                "category_id": demo.category_ids[0],
                "sale_unit_id": piece,
                "service_unit_id": millilitre,
            }
        )
        product_id = known(created_product.good_id)
        await products.get_product(product_id)
        await products.update_product(
            product_id,
            body={
                "title": "Wide comb",
                "category_id": demo.category_ids[0],
                "sale_unit_id": piece,
                "service_unit_id": piece,
            },
        )
        await products.delete_product(product_id)
        category = await products.create_product_category(body={"title": "Combs"})
        category_id = int_id(category.id)
        await products.get_product_category_list(0)
        await products.deprecated_get_product_category_list(demo.category_ids[0])
        await products.get_product_category_composition(demo.category_ids[0])
        await products.get_product_category_list_by_ids(ids=[category_id])
        await products.update_product_category(category_id, body={"title": "Hair combs"})
        await products.delete_product_category(category_id)

        created = await api.locations.create_location(body={"title": "Pop-up"})
        await api.location(known(created.id)).locations.delete_location()

        hooks = api.location(demo.location_id).webhooks
        settings = {"urls": ["https://example.com/hooks"], "active": 1, "self_sending": 0}
        flags = {**settings, **dict.fromkeys(EVENTS, 1)}  # every event on: built, not written
        await hooks.update_event_notification_settings(
            body=cast(UpdateEventNotificationSettingsBodyDict, flags)
        )
        await hooks.get_event_notification_settings()


async def test_every_operation_reply_fits_the_spec(
    fake: FakeAltegio, checked: list[tuple[str, str, int]]
) -> None:
    await _call_every_operation(fake)  # the fixture's fake raises on any misfit

    by_template = {
        (r.method, "/api/v1" + r.template): r.operation_id for r in fake.app.routes.routes
    }
    answered = {by_template[(m, t)] for m, t, status in checked if status < 300}
    every = {r.operation_id for r in fake.app.routes.routes if r.operation_id in HANDLERS}
    assert len(every) == 38  # the operations the fake implements; the rest answer 501
    assert answered == every


async def test_a_reply_that_does_not_fit_raises(
    fake: FakeAltegio, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(render, "storage", lambda record: {"id": str(record.id)})
    async with fake.client() as api:
        with pytest.raises(ResponseMismatch, match="is not of type 'integer'"):
            await api.location(fake.demo.location_id).inventory.get_location_inventories()


async def test_error_replies_fit_too(
    fake: FakeAltegio, checked: list[tuple[str, str, int]]
) -> None:
    async with fake.client(user_token="wrong") as api:
        shop = api.location(fake.demo.location_id)
        with pytest.raises(AuthenticationError):
            await shop.products.create_product(  # 401 is not documented here: ErrorResponse
                body={"title": "x", "category_id": 1, "sale_unit_id": 1, "service_unit_id": 1}
            )
        with pytest.raises(AuthenticationError):
            await shop.inventory.get_location_inventories()
    assert ("GET", "/api/v1/storages/{location_id}", 401) in checked
