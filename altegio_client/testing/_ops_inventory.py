"""Storages, documents, product transactions, bills of materials and consumables."""

from __future__ import annotations

from . import _render as render
from ._model import ServiceLink
from ._ops import Call, handles, page_of
from ._replies import ApiError, Reply, ok


@handles("get_location_inventories")
def get_location_inventories(call: Call) -> Reply:
    store = call.store
    found = [s for s in store.storages.values() if s.location_id == call.location_id]
    return ok([render.storage(s) for s in found])


@handles("search_for_product_transactions")
def search_for_product_transactions(call: Call) -> Reply:
    store = call.store
    found = store.search_transactions(call.location_id, call.query)
    page = page_of(found, call.query, default_count=25)
    return ok([render.search_item(store, tx) for tx in page])


@handles("create_inventory_operation")
def create_inventory_operation(call: Call) -> Reply:
    store = call.store
    document, transactions = store.inventory_operation(
        call.location_id, call.user_id, call.body, call.body["goods_transactions"]
    )
    return ok(
        {
            "document": render.document(store, document, "created"),
            "transactions": [render.transaction(store, tx, "create") for tx in transactions],
        }
    )


@handles("create_document")
def create_document(call: Call) -> Reply:
    document = call.store.create_document(call.location_id, call.user_id, call.body)
    return ok(render.document(call.store, document, "created"))


@handles("get_document")
def get_document(call: Call) -> Reply:
    document = call.store.document(call.location_id, call.path["document_id"])
    return ok(render.document(call.store, document))


@handles("update_document")
def update_document(call: Call) -> Reply:
    document = call.store.update_document(call.location_id, call.path["document_id"], call.body)
    return ok(render.document(call.store, document))


@handles("delete_document")
def delete_document(call: Call) -> Reply:
    call.store.delete_document(call.location_id, call.path["document_id"])
    return Reply(202)


@handles("create_transaction")
def create_transaction(call: Call) -> Reply:
    tx = call.store.create_transaction(call.location_id, call.user_id, call.body)
    return ok(render.transaction(call.store, tx, "create"))


@handles("get_transaction")
def get_transaction(call: Call) -> Reply:
    tx = call.store.transaction(call.location_id, call.path["transaction_id"])
    return ok(render.transaction(call.store, tx))


@handles("update_transaction")
def update_transaction(call: Call) -> Reply:
    tx = call.store.update_transaction(call.location_id, call.path["transaction_id"], call.body)
    return ok(render.transaction(call.store, tx, "update"))


@handles("delete_transaction")
def delete_transaction(call: Call) -> Reply:
    call.store.delete_transaction(call.location_id, call.path["transaction_id"])
    return Reply(202)


@handles("get_document_product_transactions")
def get_document_product_transactions(call: Call) -> Reply:
    store = call.store
    document = store.documents.get(call.path["document_id"])
    if document is None:
        raise ApiError(404, f"Document {call.path['document_id']} not found")
    if call.user is None or document.location_id not in call.user.locations:
        raise ApiError(403, "No access to this location")
    rows = [render.document_transaction(store.transactions[t]) for t in document.transaction_ids]
    return ok(rows, {"count": len(rows)})


@handles("get_bill_of_materials_list")
def get_bill_of_materials_list(call: Call) -> Reply:
    store = call.store
    term = str(call.query.get("search") or "").casefold()
    found = [
        c
        for c in store.cards.values()
        if c.location_id == call.location_id and term in c.title.casefold()
    ]
    page = page_of(found, call.query, default_count=25)
    return ok([render.bill_of_materials(store, c) for c in page])


@handles("get_team_member_service_bill_of_materials")
def get_team_member_service_bill_of_materials(call: Call) -> Reply:
    store = call.store
    member = store.team_member(call.location_id, call.path["team_member_id"])
    card_id = store.default_cards.get((call.location_id, member.id, call.path["service_id"]))
    if card_id is None or card_id not in store.cards:
        raise ApiError(404, "No default bill of materials for this team member and service")
    return ok(render.bill_of_materials(store, store.cards[card_id], string_id=True))


def _service(call: Call) -> ServiceLink:
    record = call.store.appointment(call.location_id, call.path["record_id"])
    link = record.services.get(call.path["service_id"])
    if link is None:
        raise ApiError(404, f"Service {call.path['service_id']} is not in this appointment")
    return link


@handles("get_appointment_consumables")
def get_appointment_consumables(call: Call) -> Reply:
    record = call.store.appointment(call.location_id, call.path["record_id"])
    return ok(render.appointment(call.store, record))


@handles("update_appointment_service_consumables")
def update_appointment_service_consumables(call: Call) -> Reply:
    """Replaces the service's consumables with the rows sent (stock is not moved)."""
    link = _service(call)
    rows = list(call.body.get("consumables") or [])
    call.store.check_consumables(call.location_id, rows)
    link.consumables = [
        {**row, "record_id": call.path["record_id"], "service_id": call.path["service_id"]}
        for row in rows
    ]
    record = call.store.appointments[call.path["record_id"]]
    return ok(render.appointment(call.store, record))


@handles("unlink_appointment_service_association")
def unlink_appointment_service_association(call: Call) -> Reply:
    link = _service(call)
    body = call.body if isinstance(call.body, dict) else {}
    link.card_ids = []
    if call.query.get("delete_consumables") or body.get("delete_consumables"):
        link.consumables = []
    services = render.appointment(call.store, call.store.appointments[call.path["record_id"]])
    return ok(services, {"count": len(services)})
