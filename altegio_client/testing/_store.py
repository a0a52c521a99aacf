"""The fake's state and its inventory rules.

Every method runs without awaiting, and the app calls it under ``Store.lock``, so each request
sees and leaves a consistent state: an inventory operation creates its document and all its
transactions or nothing, and stock always equals the seeded stock plus the live transactions.
"""

from __future__ import annotations

import itertools
import secrets
import threading
from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, datetime
from typing import Any

from ._model import (
    DOCUMENT_TYPES,
    RECEIPT,
    AppointmentRecord,
    BillOfMaterialsRecord,
    CategoryRecord,
    DocumentRecord,
    LocationRecord,
    ProductRecord,
    StorageRecord,
    TeamMemberRecord,
    TransactionRecord,
    UnitRecord,
    UserRecord,
    parse_when,
)
from ._replies import ApiError

__all__ = ["Store"]


def _unprocessable(field: str, message: str) -> ApiError:
    return ApiError(422, message, {field: [message]})


class Store:
    """All records of one fake, keyed by id; ids are unique across kinds."""

    def __init__(self, clock: Callable[[], datetime] | None = None) -> None:
        self.lock = threading.RLock()
        self._clock = clock or (lambda: datetime.now(UTC))
        self._ids = itertools.count(1001)
        self.partner_tokens: set[str] = set()
        self.locations: dict[int, LocationRecord] = {}
        self.users: dict[int, UserRecord] = {}
        self.storages: dict[int, StorageRecord] = {}
        self.units: dict[int, UnitRecord] = {}
        self.categories: dict[int, CategoryRecord] = {}
        self.products: dict[int, ProductRecord] = {}
        self.team_members: dict[int, TeamMemberRecord] = {}
        self.documents: dict[int, DocumentRecord] = {}
        self.transactions: dict[int, TransactionRecord] = {}
        self.cards: dict[int, BillOfMaterialsRecord] = {}
        self.appointments: dict[int, AppointmentRecord] = {}
        self.default_cards: dict[tuple[int, int, int], int] = {}
        # location id -> its webhook settings (urls, active and the event flags), as last posted
        self.hooks_settings: dict[int, dict[str, Any]] = {}
        self._numbers: dict[int, itertools.count[int]] = {}

    # -- basics ----------------------------------------------------------------------------

    def next_id(self) -> int:
        return next(self._ids)

    def now(self, location_id: int | None = None) -> datetime:
        moment = self._clock()
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        if location_id is not None and location_id in self.locations:
            moment = moment.astimezone(self.locations[location_id].tz)
        return moment

    def user_by_token(self, token: str) -> UserRecord | None:
        for user in self.users.values():
            if secrets.compare_digest(user.token, token):
                return user
        return None

    def user_by_login(self, login: str) -> UserRecord | None:
        return next((u for u in self.users.values() if u.login == login), None)

    # -- lookups: a path id that does not exist is 404, a body reference 422 ---------------

    def location(self, location_id: int) -> LocationRecord:
        found = self.locations.get(location_id)
        if found is None:
            raise ApiError(404, f"Location {location_id} not found")
        return found

    def _owned(self, table: Mapping[int, Any], kind: str, location_id: int, item_id: int) -> Any:
        found = table.get(item_id)
        if found is None or found.location_id != location_id:
            raise ApiError(404, f"{kind} {item_id} not found")
        return found

    def storage(self, location_id: int, storage_id: int) -> StorageRecord:
        found: StorageRecord = self._owned(self.storages, "Storage", location_id, storage_id)
        return found

    def product(self, location_id: int, product_id: int) -> ProductRecord:
        found: ProductRecord = self._owned(self.products, "Product", location_id, product_id)
        return found

    def category(self, location_id: int, category_id: int) -> CategoryRecord:
        found: CategoryRecord = self._owned(
            self.categories, "Product category", location_id, category_id
        )
        return found

    def document(self, location_id: int, document_id: int) -> DocumentRecord:
        found: DocumentRecord = self._owned(self.documents, "Document", location_id, document_id)
        return found

    def transaction(self, location_id: int, transaction_id: int) -> TransactionRecord:
        found: TransactionRecord = self._owned(
            self.transactions, "Transaction", location_id, transaction_id
        )
        return found

    def team_member(self, location_id: int, team_member_id: int) -> TeamMemberRecord:
        found: TeamMemberRecord = self._owned(
            self.team_members, "Team member", location_id, team_member_id
        )
        return found

    def card(self, location_id: int, card_id: int) -> BillOfMaterialsRecord:
        found: BillOfMaterialsRecord = self._owned(
            self.cards, "Bill of materials", location_id, card_id
        )
        return found

    def appointment(self, location_id: int, record_id: int) -> AppointmentRecord:
        found: AppointmentRecord = self._owned(
            self.appointments, "Appointment", location_id, record_id
        )
        return found

    def _ref(self, table: Mapping[int, Any], field: str, location_id: int, item_id: Any) -> Any:
        found = table.get(item_id) if isinstance(item_id, int) else None
        if found is None or found.location_id != location_id:
            raise _unprocessable(field, f"{field} {item_id} does not exist in this location")
        return found

    # -- locations ------------------------------------------------------------------------

    def delete_location(self, location_id: int) -> None:
        """Removes the location and everything in it."""
        self.location(location_id)
        del self.locations[location_id]
        for table in (
            self.storages,
            self.units,
            self.categories,
            self.products,
            self.team_members,
            self.documents,
            self.transactions,
            self.cards,
            self.appointments,
        ):
            for key in [k for k, v in table.items() if v.location_id == location_id]:
                del table[key]
        for user in self.users.values():
            user.locations.discard(location_id)

    # -- products and categories -----------------------------------------------------------

    def check_product_fields(self, location_id: int, body: Mapping[str, Any]) -> None:
        """Category and units must exist in the location (the vendor answers 422)."""
        self._ref(self.categories, "category_id", location_id, body["category_id"])
        self._ref(self.units, "sale_unit_id", location_id, body["sale_unit_id"])
        self._ref(self.units, "service_unit_id", location_id, body["service_unit_id"])

    def check_category_parent(self, location_id: int, parent_id: Any, own_id: int = 0) -> int:
        if parent_id in (None, 0):
            return 0
        self._ref(self.categories, "parent_category_id", location_id, parent_id)
        ancestor: int = parent_id
        while ancestor:
            if ancestor == own_id:
                raise _unprocessable("parent_category_id", "a category cannot sit under itself")
            ancestor = self.categories[ancestor].parent_id
        return int(parent_id)

    def delete_category(self, location_id: int, category_id: int) -> None:
        self.category(location_id, category_id)
        if any(p.category_id == category_id for p in self.products.values()) or any(
            c.parent_id == category_id for c in self.categories.values()
        ):
            raise ApiError(422, "The category is not empty: move or delete its contents first")
        del self.categories[category_id]

    # -- documents -------------------------------------------------------------------------

    def _document_fields(self, location_id: int, body: Mapping[str, Any]) -> dict[str, Any]:
        type_id = body["type_id"]
        if type_id not in DOCUMENT_TYPES:
            raise _unprocessable("type_id", f"unknown document type {type_id}")
        storage: StorageRecord = self._ref(
            self.storages, "storage_id", location_id, body["storage_id"]
        )
        try:
            create_date = parse_when(str(body["create_date"]), self.location(location_id).tz)
        except ValueError:
            raise _unprocessable("create_date", "create_date is not a date") from None
        return {
            "type_id": type_id,
            "storage_id": storage.id,
            "create_date": create_date.astimezone(self.location(location_id).tz),
            "comment": str(body.get("comment", "")),
        }

    def create_document(
        self, location_id: int, user_id: int, body: Mapping[str, Any]
    ) -> DocumentRecord:
        return self.inventory_operation(location_id, user_id, body, [])[0]

    def update_document(
        self, location_id: int, document_id: int, body: Mapping[str, Any]
    ) -> DocumentRecord:
        """Moving a document to another storage or type moves its transactions' stock too."""
        document = self.document(location_id, document_id)
        fields = self._document_fields(location_id, body)
        moved = [self.transactions[t] for t in document.transaction_ids]
        for tx in moved:
            self._apply(tx, -1)
        for key, value in fields.items():
            setattr(document, key, value)
        document.last_change = self.now(location_id)
        for tx in moved:
            tx.type_id = document.type_id
            tx.storage_id = document.storage_id
            tx.amount = _signed(document.type_id, tx.amount)
            tx.create_date = document.create_date
            tx.last_change = document.last_change
            self._apply(tx, +1)
        return document

    def delete_document(self, location_id: int, document_id: int) -> None:
        """The document goes with its transactions, and their stock is given back."""
        document = self.document(location_id, document_id)
        for tx_id in list(document.transaction_ids):
            self._drop_transaction(self.transactions[tx_id])
        del self.documents[document_id]

    # -- transactions ----------------------------------------------------------------------

    def _transaction(
        self,
        location_id: int,
        user_id: int,
        document: DocumentRecord,
        body: Mapping[str, Any],
        prefix: str = "",
    ) -> TransactionRecord:
        """A new (not yet stored) transaction; raises 422 before anything changes."""
        good: ProductRecord = self._ref(
            self.products, f"{prefix}good_id", location_id, body["good_id"]
        )
        unit_type = body["operation_unit_type"]
        if unit_type not in (1, 2):
            field = f"{prefix}operation_unit_type"
            raise _unprocessable(field, "must be 1 (sale) or 2 (write-off)")
        master_id = int(body.get("master_id") or 0)
        if master_id:
            self._ref(self.team_members, f"{prefix}master_id", location_id, master_id)
        now = self.now(location_id)
        return TransactionRecord(
            id=0,
            location_id=location_id,
            document_id=document.id,
            type_id=document.type_id,
            storage_id=document.storage_id,
            good_id=good.id,
            amount=_signed(document.type_id, float(body["amount"])),
            cost_per_unit=body["cost_per_unit"],
            discount=body["discount"],
            cost=body["cost"],
            operation_unit_type=int(unit_type),
            user_id=user_id,
            create_date=document.create_date,
            last_change=now,
            master_id=master_id,
            client_id=int(body.get("client_id") or 0),
            supplier_id=int(body.get("supplier_id") or 0),
            comment=str(body.get("comment", "")),
        )

    def _store_transaction(self, tx: TransactionRecord) -> TransactionRecord:
        tx.id = self.next_id()
        self.transactions[tx.id] = tx
        self.documents[tx.document_id].transaction_ids.append(tx.id)
        self._apply(tx, +1)
        return tx

    def create_transaction(
        self, location_id: int, user_id: int, body: Mapping[str, Any]
    ) -> TransactionRecord:
        document: DocumentRecord = self._ref(
            self.documents, "document_id", location_id, body["document_id"]
        )
        return self._store_transaction(self._transaction(location_id, user_id, document, body))

    def inventory_operation(
        self,
        location_id: int,
        user_id: int,
        body: Mapping[str, Any],
        transactions: Iterable[Mapping[str, Any]],
    ) -> tuple[DocumentRecord, list[TransactionRecord]]:
        """A document and its transactions, all or nothing: every row is checked first."""
        fields = self._document_fields(location_id, body)
        now = self.now(location_id)
        document = DocumentRecord(
            id=0,
            location_id=location_id,
            number=0,
            user_id=user_id,
            last_change=now,
            **fields,
        )
        pending = [
            self._transaction(location_id, user_id, document, row, f"goods_transactions.{i}.")
            for i, row in enumerate(transactions)
        ]
        # Nothing above changed any state; from here on nothing can fail.
        document.id = self.next_id()
        counter = self._numbers.setdefault(location_id, itertools.count(1))
        document.number = next(counter)
        self.documents[document.id] = document
        for tx in pending:
            tx.document_id = document.id
            self._store_transaction(tx)
        return document, pending

    def update_transaction(
        self, location_id: int, transaction_id: int, body: Mapping[str, Any]
    ) -> TransactionRecord:
        current = self.transaction(location_id, transaction_id)
        document: DocumentRecord = self._ref(
            self.documents, "document_id", location_id, body["document_id"]
        )
        updated = self._transaction(location_id, current.user_id, document, body)
        self._drop_transaction(current)
        updated.id = current.id
        self.transactions[updated.id] = updated
        document.transaction_ids.append(updated.id)
        self._apply(updated, +1)
        return updated

    def delete_transaction(self, location_id: int, transaction_id: int) -> None:
        self._drop_transaction(self.transaction(location_id, transaction_id))

    def _drop_transaction(self, tx: TransactionRecord) -> None:
        self._apply(tx, -1)
        del self.transactions[tx.id]
        document = self.documents.get(tx.document_id)
        if document is not None and tx.id in document.transaction_ids:
            document.transaction_ids.remove(tx.id)

    def _apply(self, tx: TransactionRecord, direction: int) -> None:
        """Add (+1) or take back (-1) a transaction's effect on its product's stock."""
        product = self.products.get(tx.good_id)
        if product is None:
            return
        amount = tx.amount
        if tx.operation_unit_type == 2 and product.unit_equals:
            amount /= product.unit_equals  # write-off units -> sale units
        current = product.stock.get(tx.storage_id, 0.0) + direction * amount
        product.stock[tx.storage_id] = round(current, 9)
        product.last_change = self.now(product.location_id)

    def search_transactions(
        self, location_id: int, query: Mapping[str, Any]
    ) -> list[TransactionRecord]:
        """Filters of search_for_product_transactions: dates by create_date, changes by
        last_change_date, both inclusive; a bare end date covers its whole day."""
        tz = self.location(location_id).tz
        bounds: dict[str, datetime] = {}
        for name in ("start_date", "end_date", "changed_after", "changed_before"):
            if query.get(name) in (None, ""):
                continue
            try:
                bounds[name] = parse_when(
                    str(query[name]), tz, end_of_day=name in ("end_date", "changed_before")
                )
            except ValueError:
                raise _unprocessable(name, f"{name} is not a date") from None
        document_id = query.get("document_id")
        found = []
        for tx in self.transactions.values():
            if tx.location_id != location_id:
                continue
            if document_id is not None and tx.document_id != document_id:
                continue
            if "start_date" in bounds and tx.create_date < bounds["start_date"]:
                continue
            if "end_date" in bounds and tx.create_date > bounds["end_date"]:
                continue
            if "changed_after" in bounds and tx.last_change < bounds["changed_after"]:
                continue
            if "changed_before" in bounds and tx.last_change > bounds["changed_before"]:
                continue
            found.append(tx)
        found.sort(key=lambda t: (t.create_date, t.id))
        return found

    # -- appointments ----------------------------------------------------------------------

    def check_consumables(self, location_id: int, rows: Iterable[Mapping[str, Any]]) -> None:
        for i, row in enumerate(rows):
            self._ref(self.products, f"consumables.{i}.good_id", location_id, row["good_id"])
            self._ref(self.storages, f"consumables.{i}.storage_id", location_id, row["storage_id"])


def _signed(type_id: int, amount: float) -> float:
    """Receipts add stock; sales, consumption, write-offs and transfers out remove it."""
    return abs(amount) if type_id == RECEIPT else -abs(amount)
