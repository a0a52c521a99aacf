"""Records -> the JSON shapes the vendor sends, quirks included.

Quirks kept on purpose, because the SDK must survive them: a related object that is not set
is ``[]`` rather than null, dates come in two formats (``...000-05:00`` on documents and
product transactions, ``...-0500`` on products and the transaction search), and the product
list and the single product carry different field sets, as the vendor documents them.

Where the vendor's examples spell a value differently per operation, the fake follows each
operation's example in the vendor's bundle, so a client that copes with the fake copes with what
the vendor documents;
tests/fake/test_example_types.py holds every reply to its example's JSON types.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any, Literal

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
        "groups": {},
        "currency_short_title": "USD",
        # Settings the fake does not model, with the vendor example's values and JSON types.
        "schedule": "",
        "social": {"facebook": "", "instagram": "", "telegram": "", "whatsapp": "", "viber": ""},
        "business_type_id": 1,
        "phone_confirmation": True,
        "push_notification_phone_confirm": 1,
        "active_staff_count": 0,
        "next_slot": _next_slot(),
        "app_ios": "",
        "app_android": "",
        "reminds_sms_disabled": False,
        "reminds_sms_default": 1,
        "group_priority": 900,
        "bookform_group_priority": 0,
        "bookforms": [
            {"id": record.id, "title": f"{record.title} booking form", "is_default": 1, "url": ""}
        ],
        "online_sales_form_url": "",
        "payment_policy": {"type": "deposit"},
        "access": {},
        "photos": [],
        "booking_widget_promo": None,
    }
    data.update(record.fields)
    if data["phone"] and not data["phones"]:
        data["phones"] = [data["phone"]]
    chain = data.get("main_group")
    if isinstance(chain, dict) and not data["groups"]:  # a location in a chain lists it
        data["groups"] = {str(chain.get("id")): chain}
        data["main_group_id"] = chain.get("id", 0)
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


def category(record: CategoryRecord, *, string_id: bool = False) -> dict[str, Any]:
    """``string_id``: the deprecated category list sends ids as strings."""
    return {
        "id": str(record.id) if string_id else record.id,
        "title": record.title,
        "parent_category_id": record.parent_id or None,
        "is_chain": False,
    }


def _unit_title(store: Store, unit_id: int) -> str:
    unit = store.units.get(unit_id)
    return unit.short_title if unit else ""


def _stock(store: Store, record: ProductRecord) -> list[dict[str, Any]]:
    """One row per storage of the location, 0 where the product has none."""
    amounts = {s.id: 0.0 for s in store.storages.values() if s.location_id == record.location_id}
    amounts.update(record.stock)
    return [
        {"storage_id": sid, "amount": number(amount)} for sid, amount in sorted(amounts.items())
    ]


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
        "loyalty_allow_empty_code": False,
        "critical_amount": number(record.critical_amount),
        "desired_amount": number(record.desired_amount),
        "actual_amounts": _stock(store, record),
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


DocumentStyle = Literal["created", "read"]


def document(store: Store, record: DocumentRecord, style: DocumentStyle = "read") -> dict[str, Any]:
    """``style``: as create_document / create_inventory_operation spell it (``"created"``:
    company timezone ``"-5"``, numeric coordinates and user id) or as get/update do
    (``"read"``: numeric timezone, coordinates and user id as strings)."""
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
        company = location(found_location)
        company["timezone"] = str(company["timezone"])  # "-5" in every document example
        data["company"] = company
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


TransactionStyle = Literal["get", "update", "create"]


def _transaction_good(
    store: Store, tx: TransactionRecord, style: TransactionStyle
) -> dict[str, Any]:
    found = store.products.get(tx.good_id)
    if found is None:  # the product was deleted after the transaction
        return {"id": tx.good_id, "title": "", "good_id": tx.good_id, "actual_amounts": []}
    data = product(store, found)
    data.update(product_in_list(store, found))
    data["id"] = found.id
    data["unit"] = _unit_title(store, found.sale_unit_id)
    data["actual_amounts"] = []  # the vendor sends an empty list here
    return data


def transaction(
    store: Store, tx: TransactionRecord, style: TransactionStyle = "get"
) -> dict[str, Any]:
    """create/get/update transaction and inventory-operation results.

    ``style`` follows each operation's example: ``master.id`` is a string except after an
    update, and the good's loyalty fields are numbers in get_transaction only."""
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
        "good": _transaction_good(store, tx, style),
        # quirk: null in every vendor example, although the product has both units
        "sale_unit": None,
        "service_unit": None,
        "goods_marks": [],
        "storage": _id_title(tx.storage_id, found_storage.title if found_storage else ""),
        "unit": _unit(store, unit_id) or {"id": unit_id, "title": "", "short_title": ""},
        # quirk: unset related objects are [] rather than null
        "supplier": _id_title(tx.supplier_id, "") if tx.supplier_id else [],
        "client": {"id": tx.client_id, "name": "", "phone": ""} if tx.client_id else [],
        "master": ({"id": master.id, "name": master.name} if master else []),
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
    if tx.service_id:
        item["service"] = _id_title(tx.service_id, "")
    if tx.client_id:
        # quirk: the phone is a number in this list (a string everywhere else)
        item["clients"] = {"id": tx.client_id, "name": "", "phone": 0}
    return item


def _good_brief(store: Store, good_id: int) -> dict[str, Any]:
    found = store.products.get(good_id)
    return {
        "id": good_id,
        "title": found.title if found else "",
        "unit": _unit_title(store, found.service_unit_id) if found else "",
    }


def bill_of_materials(
    store: Store,
    record: BillOfMaterialsRecord,
    *,
    string_id: bool = False,
    with_goods: bool = False,
) -> dict[str, Any]:
    """``string_id``: the team member's default card sends its id as a string;
    ``with_goods``: inside an appointment every item carries its product."""
    items = []
    for row in record.items:
        found = store.products.get(row["good_id"])
        item = {
            "id": row["id"],
            "technological_card_id": record.id,
            "storage_id": row["storage_id"],
            "good_id": row["good_id"],
            "amount": number(row["amount"]),
            "unit": _unit_title(store, found.service_unit_id) if found else "",
            "price": number(found.actual_cost) if found else 0,
            "title": found.title if found else "",
        }
        if with_goods:
            item["good"] = _good_brief(store, row["good_id"])
        items.append(item)
    card_id: int | str = str(record.id) if string_id else record.id
    return {"id": card_id, "title": record.title, "technological_card_items": items}


def appointment(store: Store, record: AppointmentRecord) -> list[dict[str, Any]]:
    services = []
    for service_id, link in sorted(record.services.items()):
        consumables = []
        for row in link.consumables:
            consumables.append({**row, "good": _good_brief(store, row["good_id"])})
        services.append(
            {
                "service_id": service_id,
                "record_id": record.id,
                "technological_cards": [
                    bill_of_materials(store, store.cards[c], with_goods=True)
                    for c in link.card_ids
                    if c in store.cards
                ],
                "consumables": consumables,
            }
        )
    return services


def _next_slot() -> str:
    """The next whole hour, as the API's ISO 8601 date-time (the fake keeps no schedules)."""
    now = datetime.now(UTC).replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)
    return now.isoformat()
