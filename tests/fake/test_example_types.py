"""Every reply of the fake has, at every JSON path of the vendor's documented example, the same
JSON type as that example: a string stays a string, ``[]`` stays ``[]``, an object an object.

Each operation is called in the situation its example shows (a transaction with a team member
and no supplier, a category with a parent, a location in a chain...), because the vendor's
replies change shape with the data (``supplier`` is ``[]`` when there is none).
"""

from __future__ import annotations

from typing import Any, cast

import pytest

from altegio_client import Altegio
from altegio_client.models import (
    AppointmentConsumablesRequestConsumablesItemDict,
    GoodsTransactionRequestDict,
    UpdateEventNotificationSettingsBodyDict,
)
from altegio_client.testing import FakeAltegio
from altegio_client.testing._app import FakeApp, _Incoming
from altegio_client.testing._ops import HANDLERS
from altegio_client.testing._replies import Reply
from altegio_client.testing._validation import load_default_spec
from altegio_client.webhooks import EVENTS

from ._example_types import examples_of, type_mismatches
from ._helpers import int_id, known, operation_parts, receipt_body

Replies = dict[str, tuple[str, str, Any]]  # operation id -> (method, template, body)


def record_replies(app: FakeApp) -> Replies:
    """The first 2xx reply of each operation, as the JSON the fake sent."""
    seen: Replies = {}
    handle = app.handle

    def recording(incoming: _Incoming) -> Reply:
        reply = handle(incoming)
        found = app.routes.find(incoming.method, incoming.path)
        if found is not None and reply.status < 300:
            route = found[0]
            seen.setdefault(route.operation_id, (route.method, route.template, reply.body))
        return reply

    app.handle = recording  # type: ignore[method-assign]
    return seen


async def _documented_situations(fake: FakeAltegio) -> None:
    demo = fake.demo
    retail, consumables = demo.storage_ids
    shampoo = demo.product_ids[0]
    piece, millilitre = demo.unit_ids
    hair = demo.category_ids[0]
    # The location belongs to a chain, as in get_location's example.
    with fake.store.lock:
        fields = fake.store.locations[demo.location_id].fields
        fields["main_group"] = {"id": 9206, "title": "Demo chain"}
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
        # A sale by a team member, with no supplier and no client: the examples' situation.
        line: GoodsTransactionRequestDict = {
            "document_id": document_id,
            "good_id": shampoo,
            "amount": 1,
            "cost": 90,
            "cost_per_unit": 100,
            "discount": 10,
            "operation_unit_type": 1,
            "master_id": demo.team_member_id,
        }
        tx_id = known((await inventory.create_transaction(body=line)).id)
        await inventory.get_transaction(tx_id)
        await inventory.update_transaction(tx_id, body={**line, "amount": 2})
        await api.inventory.get_document_product_transactions(operation_parts(result)[0])

        # The search example's row names a team member, supplier, client and service.
        other = await inventory.create_document(
            body={"create_date": "2026-09-23", "storage_id": retail, "type_id": 1}
        )
        full: GoodsTransactionRequestDict = {
            **line,
            "document_id": known(other.id),
            "supplier_id": 5,
            "client_id": 6,
        }
        searched = known((await inventory.create_transaction(body=full)).id)
        with fake.store.lock:
            fake.store.transactions[searched].service_id = demo.service_id
        await inventory.search_for_product_transactions(document_id=known(other.id))

        await inventory.get_bill_of_materials_list()
        await inventory.get_team_member_service_bill_of_materials(
            demo.team_member_id, demo.service_id
        )
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
        await inventory.get_appointment_consumables(demo.record_id)
        await inventory.unlink_appointment_service_association(demo.record_id, demo.service_id)

        await products.get_products_list()
        await products.search_product(term="a")
        created_product = await products.create_product(
            body={
                "title": "Comb",
                "category_id": hair,
                "sale_unit_id": piece,
                "service_unit_id": millilitre,
            }
        )
        product_id = known(created_product.good_id)
        await products.get_product(shampoo)  # a product with stock
        await products.update_product(
            product_id,
            body={
                "title": "Wide comb",
                "category_id": hair,
                "sale_unit_id": piece,
                "service_unit_id": piece,
            },
        )
        await products.delete_product(product_id)

        category = await products.create_product_category(
            body={"title": "Combs", "parent_category_id": hair}
        )
        category_id = int_id(category.id)
        await products.get_product_category_list(0)
        await products.deprecated_get_product_category_list(hair)
        await products.get_product_category_composition(hair)
        await products.get_product_category_list_by_ids(id=hair)  # top-level, as documented
        await products.update_product_category(
            category_id, body={"title": "Hair combs", "parent_category_id": hair}
        )
        await products.delete_product_category(category_id)

        created = await api.locations.create_location(body={"title": "Pop-up"})
        await inventory.delete_transaction(tx_id)
        await inventory.delete_document(document_id)
        await api.location(known(created.id)).locations.delete_location()

        hooks = api.location(demo.location_id).webhooks
        settings = {"urls": ["https://example.com/hooks"], "active": 1, "self_sending": 0}
        flags = {**settings, **dict.fromkeys(EVENTS, 1)}  # every event on: built, not written
        await hooks.update_event_notification_settings(
            body=cast(UpdateEventNotificationSettingsBodyDict, flags)
        )
        await hooks.get_event_notification_settings()


@pytest.fixture(scope="module")
def situations() -> Replies:
    import asyncio

    fake = FakeAltegio(rate_limit=None, validate_responses=True)
    seen = record_replies(fake.app)
    asyncio.run(_documented_situations(fake))
    return seen


def test_every_implemented_operation_is_called(situations: Replies) -> None:
    assert set(situations) == set(HANDLERS)


def _operations_with_examples() -> list[Any]:
    spec = load_default_spec()
    params = []
    for template, item in spec["paths"].items():
        for method, operation in item.items():
            if not isinstance(operation, dict) or operation.get("operationId") not in HANDLERS:
                continue  # the fake answers the rest with 501 and no example
            for status, example in examples_of(spec, template, method):
                name = f"{operation['operationId']}-{status}"
                params.append(pytest.param(operation["operationId"], example, id=name))
    return params


@pytest.mark.parametrize(("operation_id", "example"), _operations_with_examples())
def test_reply_has_the_example_json_types(
    situations: Replies, operation_id: str, example: Any
) -> None:
    assert operation_id in situations, f"{operation_id} was not called"
    _, _, body = situations[operation_id]
    assert type_mismatches(example, body) == []
