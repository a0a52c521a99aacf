"""Products and product categories."""

from __future__ import annotations

from typing import Any

from . import _render as render
from ._model import CategoryRecord, ProductRecord
from ._ops import Call, handles, page_of
from ._replies import ApiError, Reply, ok

# Request field -> record attribute; what is not listed goes to ProductRecord.extra.
_PRODUCT_FIELDS = (
    "title",
    "category_id",
    "sale_unit_id",
    "service_unit_id",
    "cost",
    "actual_cost",
    "unit_equals",
    "article",
    "barcode",
    "critical_amount",
    "desired_amount",
)


def _set_product_fields(record: ProductRecord, body: dict[str, Any]) -> None:
    for key, value in body.items():
        if key in _PRODUCT_FIELDS:
            setattr(record, key, value)
        elif key != "correction_rules":
            record.extra[key] = value


@handles("get_products_list")
def get_products_list(call: Call) -> Reply:
    store = call.store
    found = [p for p in store.products.values() if p.location_id == call.location_id]
    return ok([render.product_in_list(store, p) for p in found])


@handles("create_product")
def create_product(call: Call) -> Reply:
    store = call.store
    store.check_product_fields(call.location_id, call.body)
    record = ProductRecord(
        id=store.next_id(),
        location_id=call.location_id,
        title="",
        category_id=0,
        sale_unit_id=0,
        service_unit_id=0,
        last_change=store.now(call.location_id),
    )
    _set_product_fields(record, call.body)
    store.products[record.id] = record
    return ok(render.product(store, record), status=201)


@handles("get_product")
def get_product(call: Call) -> Reply:
    record = call.store.product(call.location_id, call.path["product_id"])
    return ok(render.product(call.store, record))


@handles("update_product")
def update_product(call: Call) -> Reply:
    """Changing units of a product that has transactions needs ``correction_rules`` (409)."""
    store = call.store
    record = store.product(call.location_id, call.path["product_id"])
    store.check_product_fields(call.location_id, call.body)
    units_change = (call.body["sale_unit_id"], call.body["service_unit_id"]) != (
        record.sale_unit_id,
        record.service_unit_id,
    )
    has_history = any(t.good_id == record.id for t in store.transactions.values())
    if units_change and has_history and not call.body.get("correction_rules"):
        raise ApiError(409, "Units changed on a product with inventory operations")
    _set_product_fields(record, call.body)
    record.last_change = store.now(call.location_id)
    return ok(render.product(store, record))


@handles("delete_product")
def delete_product(call: Call) -> Reply:
    store = call.store
    store.product(call.location_id, call.path["product_id"])
    del store.products[call.path["product_id"]]
    return Reply(204)


def _children(call: Call, parent_id: int) -> list[CategoryRecord]:
    if parent_id:
        call.store.category(call.location_id, parent_id)
    return [
        c
        for c in call.store.categories.values()
        if c.location_id == call.location_id and c.parent_id == parent_id
    ]


@handles("get_product_category_list")
def get_product_category_list(call: Call) -> Reply:
    found = _children(call, call.path["parent_category_id"])
    return ok([render.category(c) for c in found], {"count": len(found)})


@handles("deprecated_get_product_category_list")
def deprecated_get_product_category_list(call: Call) -> Reply:
    found = _children(call, call.path["category_id"])
    return ok([render.category(c, string_id=True) for c in found])


@handles("get_product_category_composition")
def get_product_category_composition(call: Call) -> Reply:
    """Category 0 is the root: the top-level categories and uncategorised products."""
    store = call.store
    category_id = call.path["category_id"]
    node = store.category(call.location_id, category_id) if category_id else None
    children: list[CategoryRecord | ProductRecord] = [*_children(call, category_id)]
    children += [
        p
        for p in store.products.values()
        if p.location_id == call.location_id and p.category_id == category_id
    ]
    page = page_of(children, call.query, default_count=100)
    data = {
        "parent_id": node.parent_id if node else 0,
        "item_id": 0,
        "category_id": category_id,
        "title": node.title if node else "",
        "is_chain": False,
        "is_category": True,
        "is_item": False,
        "children": [render.tree_element(c) for c in page],
        "children_count": len(children),
    }
    return ok(data)


@handles("search_product")
def search_product(call: Call) -> Reply:
    """Categories first, then products, matched on title, article or barcode."""
    store = call.store
    term = str(call.query.get("term") or "").casefold()
    if not term:
        found: list[CategoryRecord | ProductRecord] = [*_children(call, 0)]
    else:
        count = call.query.get("count") or 10
        found = [
            c
            for c in store.categories.values()
            if c.location_id == call.location_id and term in c.title.casefold()
        ]
        found += [
            p
            for p in store.products.values()
            if p.location_id == call.location_id
            and any(term in v.casefold() for v in (p.title, p.article, p.barcode))
        ]
        found = found[:count]
    return ok([render.tree_element(x) for x in found], {"count": len(found)})


@handles("get_product_category_list_by_ids")
def get_product_category_list_by_ids(call: Call) -> Reply:
    store = call.store
    wanted = [int(i) for i in call.query.get("ids[]") or []]
    if call.query.get("id") is not None:  # the spec declares `id` as well as `ids[]`
        wanted.insert(0, int(call.query["id"]))
    wanted = list(dict.fromkeys(wanted))
    found = [
        store.categories[i]
        for i in wanted
        if i in store.categories and store.categories[i].location_id == call.location_id
    ]
    return ok([render.category(c) for c in found], {"count": len(found)})


@handles("create_product_category")
def create_product_category(call: Call) -> Reply:
    store = call.store
    parent_id = store.check_category_parent(call.location_id, call.body.get("parent_category_id"))
    record = CategoryRecord(
        id=store.next_id(),
        location_id=call.location_id,
        title=call.body["title"],
        parent_id=parent_id,
        article=str(call.body.get("article", "")),
        comment=str(call.body.get("comment", "")),
    )
    store.categories[record.id] = record
    return ok(render.category(record), status=201)


@handles("update_product_category")
def update_product_category(call: Call) -> Reply:
    store = call.store
    record = store.category(call.location_id, call.path["category_id"])
    if "parent_category_id" in call.body:
        record.parent_id = store.check_category_parent(
            call.location_id, call.body["parent_category_id"], own_id=record.id
        )
    record.title = call.body["title"]
    record.article = str(call.body.get("article", record.article))
    record.comment = str(call.body.get("comment", record.comment))
    return ok(render.category(record))


@handles("delete_product_category")
def delete_product_category(call: Call) -> Reply:
    call.store.delete_category(call.location_id, call.path["category_id"])
    return Reply(204)
