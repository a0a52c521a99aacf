"""Public queries and seeding for documents and their financial/goods transactions.

``fake.documents(location_id)`` and ``fake.transactions(document_id=...)`` return copies of what
the fake holds, so a test asserts on what its code did without going through the API;
``fake.add_document(...)`` and ``fake.add_transaction(...)`` put history in place before a
test, with the same checks (and stock effects) as the API.
"""

from __future__ import annotations

import copy
from datetime import datetime
from typing import Any

from ._model import DocumentRecord, TransactionRecord
from ._replies import ApiError
from ._store import Store

__all__ = ["DocumentsAPI"]


class DocumentsAPI:
    """Documents and transactions: query and seed (mixed into ``FakeAltegio``)."""

    store: Store

    def documents(self, location_id: int, *, type_id: int | None = None) -> list[DocumentRecord]:
        """The location's documents (copies), oldest id first, optionally of one type.

        Types: 1 sale, 2 consumables write-off, 3 receipt, 4 move, 5 write-off (see
        ``DOCUMENT_TYPES`` in the fake's model).
        """
        with self.store.lock:
            self.store.location(location_id)
            found = [
                copy.deepcopy(d)
                for d in self.store.documents.values()
                if d.location_id == location_id and (type_id is None or d.type_id == type_id)
            ]
        return sorted(found, key=lambda d: d.id)

    def document(self, location_id: int, document_id: int) -> DocumentRecord:
        """One document (a copy); ``LookupError`` when the location has no such document."""
        with self.store.lock:
            try:
                return copy.deepcopy(self.store.document(location_id, document_id))
            except ApiError as error:
                raise LookupError(str(error)) from None

    def transactions(
        self,
        location_id: int | None = None,
        *,
        document_id: int | None = None,
        product_id: int | None = None,
        storage_id: int | None = None,
    ) -> list[TransactionRecord]:
        """Transactions (copies) matching every filter given, oldest id first.

        ``amount`` is signed: receipts positive, sales and write-offs negative.
        """
        with self.store.lock:
            found = [
                copy.deepcopy(t)
                for t in self.store.transactions.values()
                if (location_id is None or t.location_id == location_id)
                and (document_id is None or t.document_id == document_id)
                and (product_id is None or t.good_id == product_id)
                and (storage_id is None or t.storage_id == storage_id)
            ]
        return sorted(found, key=lambda t: t.id)

    def add_document(
        self,
        location_id: int,
        *,
        type_id: int,
        storage_id: int,
        create_date: datetime | str | None = None,
        comment: str = "",
        user_id: int = 0,
    ) -> int:
        """A document with no transactions yet; returns its id.

        ``create_date`` defaults to the fake's "now" in the location's zone; naive values are
        in the location's zone. ``ValueError`` for an unknown type or storage.
        """
        with self.store.lock:
            when = create_date if create_date is not None else self.store.now(location_id)
            body: dict[str, Any] = {
                "type_id": type_id,
                "storage_id": storage_id,
                "create_date": when.isoformat() if isinstance(when, datetime) else when,
                "comment": comment,
            }
            return _checked(lambda: self.store.create_document(location_id, user_id, body).id)

    def add_transaction(
        self,
        document_id: int,
        product_id: int,
        amount: float,
        *,
        cost_per_unit: float = 0,
        discount: float = 0,
        cost: float | None = None,
        operation_unit_type: int = 1,
        master_id: int = 0,
        client_id: int = 0,
        supplier_id: int = 0,
        comment: str = "",
        user_id: int = 0,
    ) -> int:
        """A goods transaction in an existing document; stock moves as through the API.

        ``amount`` is unsigned, as sent to the API (the document's type gives the sign);
        ``cost`` defaults to ``amount * cost_per_unit - discount``. Returns its id.
        """
        with self.store.lock:
            try:
                location_id = self.store.documents[document_id].location_id
            except KeyError:
                raise LookupError(f"no document {document_id}") from None
            body: dict[str, Any] = {
                "document_id": document_id,
                "good_id": product_id,
                "amount": amount,
                "cost_per_unit": cost_per_unit,
                "discount": discount,
                "cost": cost if cost is not None else amount * cost_per_unit - discount,
                "operation_unit_type": operation_unit_type,
                "master_id": master_id,
                "client_id": client_id,
                "supplier_id": supplier_id,
                "comment": comment,
            }
            return _checked(lambda: self.store.create_transaction(location_id, user_id, body).id)


def _checked(make: Any) -> int:
    try:
        result: int = make()
    except ApiError as error:
        raise ValueError(f"{error}: {error.errors}") from None
    return result
