"""The fake's records, and the date formats the vendor uses for them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from typing import Any

__all__ = [
    "DOCUMENT_TYPES",
    "AppointmentRecord",
    "BillOfMaterialsRecord",
    "CategoryRecord",
    "DocumentRecord",
    "LocationRecord",
    "ProductRecord",
    "ServiceLink",
    "StorageRecord",
    "TeamMemberRecord",
    "TransactionRecord",
    "UnitRecord",
    "UserRecord",
    "iso_compact",
    "iso_millis",
    "parse_when",
]

# type_id -> title. Receipts add stock, everything else takes it away. Write-off is 4 on the
# inventory-operation page and 7 on the create-document page; the fake accepts both.
DOCUMENT_TYPES: dict[int, str] = {
    1: "Sale of goods",
    2: "Consumables write-off",
    3: "Receipt of goods",
    4: "Write-off of goods",
    5: "Transfer of goods",
    7: "Write-off of goods",
}
RECEIPT = 3


@dataclass
class LocationRecord:
    id: int
    title: str
    utc_offset: float = 0.0
    timezone_name: str = "UTC"
    fields: dict[str, Any] = field(default_factory=dict)  # everything else, as sent

    @property
    def tz(self) -> timezone:
        return timezone(timedelta(hours=self.utc_offset))


@dataclass
class UserRecord:
    id: int
    login: str
    password: str = field(repr=False)
    token: str = field(repr=False)
    name: str
    phone: str
    email: str
    locations: set[int] = field(default_factory=set)
    # Two-factor sign-in: the code POST /auth wants (None: off) and open challenges, uuid ->
    # attempts left.
    two_factor_code: str | None = field(default=None, repr=False)
    challenges: dict[str, int] = field(default_factory=dict, repr=False)


@dataclass
class StorageRecord:
    id: int
    location_id: int
    title: str
    for_sale: int = 0
    for_service: int = 0
    comment: str = ""


@dataclass
class UnitRecord:
    id: int
    location_id: int
    title: str
    short_title: str


@dataclass
class CategoryRecord:
    id: int
    location_id: int
    title: str
    parent_id: int = 0  # 0: top level
    article: str = ""
    comment: str = ""


@dataclass
class ProductRecord:
    id: int
    location_id: int
    title: str
    category_id: int
    sale_unit_id: int
    service_unit_id: int
    last_change: datetime
    cost: float = 0
    actual_cost: float = 0
    unit_equals: float = 1
    article: str = ""
    barcode: str = ""
    critical_amount: float = 0
    desired_amount: float = 0
    extra: dict[str, Any] = field(default_factory=dict)  # print_title, netto, vat_id, ...
    stock: dict[int, float] = field(default_factory=dict)  # storage id -> sale units


@dataclass
class TeamMemberRecord:
    id: int
    location_id: int
    name: str


@dataclass
class DocumentRecord:
    id: int
    location_id: int
    type_id: int
    storage_id: int
    number: int
    user_id: int
    create_date: datetime
    last_change: datetime
    comment: str = ""
    transaction_ids: list[int] = field(default_factory=list)


@dataclass
class TransactionRecord:
    id: int
    location_id: int
    document_id: int
    type_id: int
    storage_id: int
    good_id: int
    amount: float  # signed: receipts positive, everything else negative
    cost_per_unit: float
    discount: float
    cost: float
    operation_unit_type: int
    user_id: int
    create_date: datetime
    last_change: datetime
    master_id: int = 0
    client_id: int = 0
    supplier_id: int = 0
    comment: str = ""
    service_id: int = 0  # set when the stock went into an appointment's service


@dataclass
class BillOfMaterialsRecord:
    id: int
    location_id: int
    title: str
    items: list[dict[str, Any]] = field(default_factory=list)  # id, good_id, storage_id, amount


@dataclass
class ServiceLink:
    card_ids: list[int] = field(default_factory=list)
    consumables: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class AppointmentRecord:
    id: int
    location_id: int
    services: dict[int, ServiceLink] = field(default_factory=dict)


def iso_millis(moment: datetime) -> str:
    """``2026-09-21T23:00:00.000-05:00``: documents and product transactions."""
    return moment.isoformat(timespec="milliseconds")


def iso_compact(moment: datetime) -> str:
    """``2026-12-21T19:08:00-0500``: products and the transaction search."""
    return moment.strftime("%Y-%m-%dT%H:%M:%S%z")


def parse_when(value: str, tz: timezone, *, end_of_day: bool = False) -> datetime:
    """An ISO date or date-time; naive values are in the location's zone.

    A bare date means its first moment, or (``end_of_day``) its last one, so that
    ``end_date=2026-09-21`` includes the whole 21st when compared with ``<=``.
    """
    text = value.strip()
    moment = datetime.fromisoformat(text)  # ValueError for anything else
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=tz)
    if end_of_day and _is_bare_date(text):
        moment += timedelta(days=1, microseconds=-1)
    return moment


def _is_bare_date(text: str) -> bool:
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True
