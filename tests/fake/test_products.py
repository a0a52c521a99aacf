"""Products and product categories, through the public client."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from altegio_client import ConflictError, LocationScope, NotFoundError, UnprocessableEntityError
from altegio_client.testing import DemoSeed, FakeAltegio

from ._helpers import auth_header, int_id, known, receipt_body


def _product_body(demo: DemoSeed, **changes: object) -> Any:
    """A create (or update) body with ``changes``; built from keywords, so typed Any."""
    piece, millilitre = demo.unit_ids
    body: dict[str, object] = {
        "title": "Hair spray",
        "category_id": demo.category_ids[0],
        "sale_unit_id": piece,
        "service_unit_id": millilitre,
        "unit_equals": 300,
        "cost": 15,
        "actual_cost": 6,
        "article": "HS-300",
        "barcode": "123",
    }
    body.update(changes)
    return body


async def test_product_crud_round_trip(shop: LocationScope, demo: DemoSeed) -> None:
    products = shop.products
    created = await products.create_product(body=_product_body(demo))
    assert (created.title, created.label, created.cost) == ("Hair spray", "Hair spray (HS-300)", 15)
    assert created.unit_short_title == "pcs"
    assert created.service_unit_short_title == "ml"
    assert [(a.storage_id, a.amount) for a in known(created.actual_amounts)] == [
        (storage_id, 0) for storage_id in demo.storage_ids
    ]
    assert created.to_dict()["last_change_date"][-5:] == "-0500"  # 2026-01-01T12:00:00-0500 style
    product_id = known(created.good_id)

    fetched = await products.get_product(product_id)
    assert fetched.to_dict() == created.to_dict()
    listed = await products.get_products_list()
    row = next(p for p in listed if p.good_id == product_id)
    assert (row.category_id, row.salon_id, row.article) == (
        demo.category_ids[0],
        demo.location_id,
        "HS-300",
    )

    updated = await products.update_product(
        product_id, body=_product_body(demo, title="Strong hair spray", cost=17)
    )
    assert (updated.title, updated.cost) == ("Strong hair spray", 17)
    assert (await products.get_product(product_id)).title == "Strong hair spray"

    await products.delete_product(product_id)
    with pytest.raises(NotFoundError):
        await products.get_product(product_id)
    assert product_id not in [p.good_id for p in await products.get_products_list()]


async def test_product_validation_errors_use_the_documented_list_shape(
    fake: FakeAltegio, shop: LocationScope, demo: DemoSeed
) -> None:
    with pytest.raises(UnprocessableEntityError) as caught:
        await shop.products.create_product(body=_product_body(demo, category_id=424242))
    assert caught.value.errors == {"category_id": [caught.value.message]}
    assert caught.value.body["meta"]["errors"] == [{"[category_id]": [caught.value.message]}]

    # A body the spec rejects never reaches the fake through the client; send it raw.
    async with httpx.AsyncClient(transport=fake.transport, base_url=fake.base_url) as raw:
        response = await raw.post(
            f"/goods/{demo.location_id}",
            json={"title": "no units"},
            headers=auth_header(demo.partner_token, demo.user_token),
        )
    assert response.status_code == 422
    body = response.json()
    assert body["success"] is False
    assert {"[category_id]": ["This field is missing."]} in body["meta"]["errors"]


async def test_changing_units_of_a_product_with_history_needs_correction_rules(
    shop: LocationScope, demo: DemoSeed
) -> None:
    shampoo = demo.product_ids[0]
    await shop.inventory.create_inventory_operation(
        body=receipt_body(demo.storage_ids[0], [(shampoo, 1)])
    )
    piece = demo.unit_ids[0]
    body = _product_body(demo, title="Shampoo", service_unit_id=piece)
    with pytest.raises(ConflictError):
        await shop.products.update_product(shampoo, body=body)
    rules = [{"type": 1, "base_unit": "service"}]
    updated = await shop.products.update_product(
        shampoo,
        body=_product_body(demo, title="Shampoo", service_unit_id=piece, correction_rules=rules),
    )
    assert updated.service_unit_id == piece


async def test_product_category_crud_round_trip(shop: LocationScope, demo: DemoSeed) -> None:
    products = shop.products
    hair, shampoos = demo.category_ids
    created = await products.create_product_category(
        body={"title": "Styling", "parent_category_id": hair, "article": "ST"}
    )
    assert (created.title, created.parent_category_id) == ("Styling", hair)
    category_id = int_id(created.id)

    under_hair = await products.get_product_category_list(hair)
    assert {c.id for c in under_hair} == {shampoos, created.id}
    assert {c.id for c in await products.deprecated_get_product_category_list(hair)} == {
        shampoos,
        created.id,
    }
    top = await products.get_product_category_list(0)
    assert [c.id for c in top] == [hair]
    assert top[0].parent_category_id is None

    by_ids = await products.get_product_category_list_by_ids(ids=[category_id, shampoos, 424242])
    assert [c.id for c in by_ids] == [category_id, shampoos]

    moved = await products.update_product_category(
        category_id, body={"title": "Styling products", "parent_category_id": 0}
    )
    assert (moved.title, moved.parent_category_id) == ("Styling products", None)
    assert created.id in [c.id for c in await products.get_product_category_list(0)]

    await products.delete_product_category(category_id)
    with pytest.raises(NotFoundError):
        await products.delete_product_category(category_id)
    with pytest.raises(NotFoundError):
        await products.get_product_category_list(category_id)


async def test_category_cannot_become_its_own_descendant(
    shop: LocationScope, demo: DemoSeed
) -> None:
    hair, shampoos = demo.category_ids
    with pytest.raises(UnprocessableEntityError):
        await shop.products.update_product_category(
            hair, body={"title": "Hair care", "parent_category_id": shampoos}
        )


async def test_composition_and_search(shop: LocationScope, demo: DemoSeed) -> None:
    hair, shampoos = demo.category_ids
    shampoo, conditioner, mask = demo.product_ids
    node = await shop.products.get_product_category_composition(hair)
    assert node.children_count == 3
    children = {(c.category_id, c.item_id, c.is_category) for c in known(node.children)}
    assert children == {(shampoos, 0, True), (0, conditioner, False), (0, mask, False)}
    page = await shop.products.get_product_category_composition(hair, page=2, count=2)
    assert len(known(page.children)) == 1

    found = await shop.products.search_product(term="sham")
    assert [(e.category_id, e.item_id) for e in found] == [(shampoos, 0), (0, shampoo)]
    assert [e.item_id for e in await shop.products.search_product(term="SH-250")] == [shampoo]
    roots = await shop.products.search_product()
    assert [e.category_id for e in roots] == [hair]
    assert len(await shop.products.search_product(term="h", count=2)) == 2
