"""Records -> the JSON shapes the vendor sends, quirks included.

Quirks kept on purpose, because the SDK must survive them: a related object that is not set
is ``[]`` rather than null, dates come in two formats (``...000-05:00`` on documents and
product transactions, ``...-0500`` on products and the transaction search), and the product
list and the single product carry different field sets, as the vendor documents them.
"""

from __future__ import annotations

from typing import Any

from ._model import (
    DOCUMENT_TYPES,
    AppointmentRecord,
    BillOfMaterialsRecord,
    CategoryRecord,
    DocumentRecord,
    LocationRecord,
    ProductRecord,
    StorageRecord,
    TransactionRecord,
    UserRecord,
    iso_compact,
    iso_millis,
)
from ._store import Store

__all__ = [
    "appointment",
    "bill_of_materials",
    "category",
    "document",
    "document_transaction",
    "location",
    "number",
    "product",
    "product_in_list",
    "search_item",
    "storage",
    "transaction",
    "tree_element",
    "user",
]


def number(value: float) -> float | int:
    """Whole numbers as ints, the way the vendor prints amounts."""
    return int(value) if float(value).is_integer() else value


def user(record: UserRecord, *, with_token: bool = False) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": record.id,
        "name": record.name,
        "phone": record.phone,
        "login": record.login,
        "email": record.email,
        "avatar": "https://app.alteg.io/images/no-master.png",
        "is_approved": True,
        "is_email_confirmed": True,
    }
    if with_token:
        data["user_token"] = record.token
    return data


def location(record: LocationRecord) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": record.id,
        "title": record.title,
        "public_title": record.title,
        "short_descr": "",
        "logo": "https://app.alteg.io/images/no-master.png",
        "active": 1,
        "phone": "",
        "phones": [],
        "email": "",
        "country_id": 0,
        "country": "",
        "city_id": 0,
        "city": "",
        "timezone": number(record.utc_offset),
        "timezone_name": record.timezone_name,
        "address": "",
        "zip": "",
        "coordinate_lat": 0,
        "coordinate_lon": 0,
        "site": "",
        "description": "",
        "main_group_id": 0,
        "main_group": [],  # quirk: no chain is [] rather than an object
        "currency_short_title": "USD",
    }
    data.update(record.fields)
    return data


def storage(record: StorageRecord) -> dict[str, Any]:
    return {
        "id": record.id,
        "title": record.title,
        "for_service": record.for_service,
        "for_sale": record.for_sale,
        "comment": record.comment,
        "weight": 0,
    }


def category(record: CategoryRecord) -> dict[str, Any]:
    return {
        "id": record.id,
        "title": record.title,
        "parent_category_id": record.parent_id or None,
        "is_chain": False,
    }


def _unit_title(store: Store, unit_id: int) -> str:
    unit = store.units.get(unit_id)
    return unit.short_title if unit else ""


def _stock(record: ProductRecord) -> list[dict[str, Any]]:
    rows = sorted(record.stock.items())
    return [{"storage_id": sid, "amount": number(amount)} for sid, amount in rows]


def _label(record: ProductRecord) -> str:
    return f"{record.title} ({record.article})" if record.article else record.title


def product(store: Store, record: ProductRecord) -> dict[str, Any]:
    """get_product / create_product / update_product."""
    unit_cost = record.actual_cost / record.unit_equals if record.unit_equals else 0
    return {
        "title": record.title,
        "value": record.title,
        "label": _label(record),
        "good_id": record.id,
        "cost": number(record.cost),
        "unit_id": record.sale_unit_id,
        "unit_short_title": _unit_title(store, record.sale_unit_id),
        "service_unit_id": record.service_unit_id,
        "service_unit_short_title": _unit_title(store, record.service_unit_id),
        "actual_cost": number(record.actual_cost),
        "unit_actual_cost": number(unit_cost),
        "unit_actual_cost_format": f"{number(unit_cost)} USD",
        "unit_equals": number(record.unit_equals),
        "barcode": record.barcode,
        "loyalty_abonement_type_id": "0",
        "loyalty_certificate_type_id": "0",
        "loyalty_allow_empty_code": 0,
        "critical_amount": number(record.critical_amount),
        "desired_amount": number(record.desired_amount),
        "actual_amounts": _stock(record),
        "last_change_date": iso_compact(record.last_change),
    }


def product_in_list(store: Store, record: ProductRecord) -> dict[str, Any]:
    """get_products_list documents a shorter set, with the category and location."""
    found = store.categories.get(record.category_id)
    return {
        "title": record.title,
        "value": record.title,
        "label": _label(record),
        "article": record.article,
        "category": found.title if found else "",
        "category_id": record.category_id,
        "salon_id": record.location_id,
        "good_id": record.id,
        "cost": number(record.cost),
        "unit_id": record.sale_unit_id,
        "unit_short_title": _unit_title(store, record.sale_unit_id),
    }


def tree_element(record: CategoryRecord | ProductRecord) -> dict[str, Any]:
    is_category = isinstance(record, CategoryRecord)
    parent = record.parent_id if isinstance(record, CategoryRecord) else record.category_id
    return {
        "parent_id": parent,
        "item_id": 0 if is_category else record.id,
        "category_id": record.id if is_category else 0,
        "title": record.title,
        "is_chain": False,
        "is_category": is_category,
        "is_item": not is_category,
    }


def _id_title(item_id: int, title: str) -> dict[str, Any]:
    return {"id": item_id, "title": title}


def document(store: Store, record: DocumentRecord) -> dict[str, Any]:
    found_storage = store.storages.get(record.storage_id)
    found_user = store.users.get(record.user_id)
    found_location = store.locations.get(record.location_id)
    data: dict[str, Any] = {
        "id": record.id,
        "type_id": record.type_id,
        "type": _id_title(record.type_id, DOCUMENT_TYPES.get(record.type_id, "")),
        "storage_id": record.storage_id,
        "user_id": record.user_id,
        "company_id": record.location_id,
        "number": record.number,
        "comment": record.comment,
        "create_date": iso_millis(record.create_date),
        "bill_print_status": 0,
        "storage": _id_title(record.storage_id, found_storage.title if found_storage else ""),
    }
    if found_location is not None:
        data["company"] = location(found_location)
    if found_user is not None:
        brief = user(found_user)
        data["user"] = {k: brief[k] for k in ("id", "name", "phone", "email", "is_approved")}
    return data


def _unit(store: Store, unit_id: int) -> dict[str, Any] | None:
    unit = store.units.get(unit_id)
    if unit is None:
        return None
    return {
        "id": unit.id,
        "company_id": unit.location_id,
        "title": unit.title,
        "short_title": unit.short_title,
    }


def _transaction_good(store: Store, tx: TransactionRecord) -> dict[str, Any]:
    found = store.products.get(tx.good_id)
    if found is None:  # the product was deleted after the transaction
        return {"id": tx.good_id, "title": "", "good_id": tx.good_id, "actual_amounts": []}
    data = product(store, found)
    data.update(product_in_list(store, found))
    data["id"] = found.id
    data["unit"] = _unit_title(store, found.sale_unit_id)
    data["actual_amounts"] = []  # the vendor sends an empty list here
    return data


def transaction(store: Store, tx: TransactionRecord) -> dict[str, Any]:
    """create/get/update transaction and inventory-operation results."""
    found = store.products.get(tx.good_id)
    sale_unit_id = found.sale_unit_id if found else 0
    service_unit_id = found.service_unit_id if found else 0
    unit_id = service_unit_id if tx.operation_unit_type == 2 else sale_unit_id
    master = store.team_members.get(tx.master_id)
    found_storage = store.storages.get(tx.storage_id)
    return {
        "id": tx.id,
        "document_id": tx.document_id,
        "type_id": tx.type_id,
        "type": _id_title(tx.type_id, DOCUMENT_TYPES.get(tx.type_id, "")),
        "company_id": tx.location_id,
        "good_id": tx.good_id,
        "amount": number(tx.amount),
        "cost_per_unit": number(tx.cost_per_unit),
        "discount": number(tx.discount),
        "cost": number(tx.cost),
        "unit_id": unit_id,
        "storage_id": tx.storage_id,
        "supplier_id": tx.supplier_id,
        "client_id": tx.client_id,
        "master_id": tx.master_id,
        "create_date": iso_millis(tx.create_date),
        "last_change_date": iso_millis(tx.last_change),
        "comment": tx.comment,
        "deleted": False,
        "good_special_number": "",
        "service_amount": number(tx.amount),
        "sale_amount": number(tx.amount),
        "service_unit_id": service_unit_id,
        "sale_unit_id": sale_unit_id,
        "operation_unit_type": tx.operation_unit_type,
        "good": _transaction_good(store, tx),
        "sale_unit": _unit(store, sale_unit_id),
        "service_unit": _unit(store, service_unit_id),
        "goods_marks": [],
        "storage": _id_title(tx.storage_id, found_storage.title if found_storage else ""),
        "unit": _unit(store, unit_id) or {"id": unit_id, "title": "", "short_title": ""},
        # quirk: unset related objects are [] rather than null
        "supplier": _id_title(tx.supplier_id, "") if tx.supplier_id else [],
        "client": {"id": tx.client_id, "name": "", "phone": ""} if tx.client_id else [],
        "master": {"id": master.id, "name": master.name} if master else [],
    }


def document_transaction(tx: TransactionRecord) -> dict[str, Any]:
    """get_document_product_transactions: flat, ids only."""
    return {
        "id": tx.id,
        "document_id": tx.document_id,
        "type_id": tx.type_id,
        "company_id": tx.location_id,
        "good_id": tx.good_id,
        "amount": number(tx.amount),
        "cost_per_unit": number(tx.cost_per_unit),
        "discount": number(tx.discount),
        "cost": number(tx.cost),
        "unit_id": 0,
        "operation_unit_type": tx.operation_unit_type,
        "storage_id": tx.storage_id,
        "supplier_id": tx.supplier_id,
        "record_id": 0,
        "client_id": tx.client_id,
        "master_id": tx.master_id,
        "create_date": iso_millis(tx.create_date),
        "comment": tx.comment,
        "service_id": 0,
        "user_id": tx.user_id,
        "deleted": False,
        "pkg_amount": 0,
    }


def search_item(store: Store, tx: TransactionRecord) -> dict[str, Any]:
    """search_for_product_transactions: ``type`` is a plain string here."""
    found = store.products.get(tx.good_id)
    unit_id = 0
    if found is not None:
        unit_id = found.service_unit_id if tx.operation_unit_type == 2 else found.sale_unit_id
    found_storage = store.storages.get(tx.storage_id)
    unit = store.units.get(unit_id)
    item: dict[str, Any] = {
        "id": tx.id,
        "document_id": tx.document_id,
        "type_id": tx.type_id,
        "type": DOCUMENT_TYPES.get(tx.type_id, ""),
        "good": _id_title(tx.good_id, found.title if found else ""),
        "storage": _id_title(tx.storage_id, found_storage.title if found_storage else ""),
        "unit": _id_title(unit_id, unit.title if unit else ""),
        "operation_unit_type": tx.operation_unit_type,
        "create_date": iso_compact(tx.create_date),
        "last_change_date": iso_compact(tx.last_change),
        "cost_per_unit": number(tx.cost_per_unit),
        "cost": number(tx.cost),
        "discount": number(tx.discount),
        "record_id": 0,
    }
    master = store.team_members.get(tx.master_id)
    if master is not None:
        item["master"] = _id_title(master.id, master.name)
    if tx.supplier_id:
        item["supplier"] = _id_title(tx.supplier_id, "")
    if tx.client_id:
        item["clients"] = {"id": tx.client_id, "name": "", "phone": ""}
    return item


def bill_of_materials(store: Store, record: BillOfMaterialsRecord) -> dict[str, Any]:
    items = []
    for row in record.items:
        found = store.products.get(row["good_id"])
        items.append(
            {
                "id": row["id"],
                "technological_card_id": record.id,
                "storage_id": row["storage_id"],
                "good_id": row["good_id"],
                "amount": number(row["amount"]),
                "unit": _unit_title(store, found.service_unit_id) if found else "",
                "price": number(found.actual_cost) if found else 0,
                "title": found.title if found else "",
            }
        )
    return {"id": record.id, "title": record.title, "technological_card_items": items}


def appointment(store: Store, record: AppointmentRecord) -> list[dict[str, Any]]:
    services = []
    for service_id, link in sorted(record.services.items()):
        consumables = []
        for row in link.consumables:
            found = store.products.get(row["good_id"])
            consumables.append(
                {
                    **row,
                    "good": {
                        "id": row["good_id"],
                        "title": found.title if found else "",
                        "unit": _unit_title(store, found.service_unit_id) if found else "",
                    },
                }
            )
        services.append(
            {
                "service_id": service_id,
                "record_id": record.id,
                "technological_cards": [
                    bill_of_materials(store, store.cards[c])
                    for c in link.card_ids
                    if c in store.cards
                ],
                "consumables": consumables,
            }
        )
    return services
