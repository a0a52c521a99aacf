"""msgspec Structs mirroring the transaction search item: the lower bound for typed parsing."""

from __future__ import annotations

from typing import Any

import msgspec


class IdTitle(msgspec.Struct):
    id: int | None = None
    title: str | None = None


class Clients(msgspec.Struct):
    id: int | None = None
    name: str | None = None
    phone: str | float | None = None


class TransactionSearchItem(msgspec.Struct):
    id: int | None = None
    document_id: int | None = None
    type_id: int | None = None
    type: str | None = None
    good: IdTitle | None = None
    storage: IdTitle | None = None
    unit: IdTitle | None = None
    operation_unit_type: int | None = None
    create_date: str | None = None
    last_change_date: str | None = None
    cost_per_unit: float | None = None
    cost: float | None = None
    discount: float | None = None
    master: IdTitle | None = None
    supplier: IdTitle | None = None
    record_id: int | None = None
    service: IdTitle | None = None
    clients: Clients | None = None


class TransactionsEnvelope(msgspec.Struct):
    success: bool
    data: list[TransactionSearchItem]
    meta: Any = None
