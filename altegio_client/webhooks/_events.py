"""Parsing a delivery into a typed event, and the key that spots a retried delivery."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .._errors import AltegioError
from .._json import loads
from ._generated.models.client_event import ClientEvent
from ._generated.models.finances_operation_event import FinancesOperationEvent
from ._generated.models.good_event import GoodEvent
from ._generated.models.goods_operation_event import GoodsOperationEvent
from ._generated.models.loyalty_card_event import LoyaltyCardEvent
from ._generated.models.record_event import RecordEvent
from ._generated.models.salon_event import SalonEvent
from ._generated.models.schedule_event import ScheduleEvent
from ._generated.models.service_category_event import ServiceCategoryEvent
from ._generated.models.service_event import ServiceEvent
from ._generated.models.staff_event import StaffEvent

__all__ = [
    "GOODS_OPERATIONS",
    "EventModel",
    "WebhookEvent",
    "WebhookPayloadError",
    "dedup_key",
    "parse_event",
]

EventModel = (
    SalonEvent
    | StaffEvent
    | ServiceEvent
    | ServiceCategoryEvent
    | ClientEvent
    | RecordEvent
    | LoyaltyCardEvent
    | ScheduleEvent
    | GoodEvent
    | GoodsOperationEvent
    | FinancesOperationEvent
)

#: ``resource`` of the five kinds of goods operations (``stolen`` is a write-off).
GOODS_OPERATIONS = frozenset(
    f"goods_operations_{kind}" for kind in ("sale", "receipt", "consumable", "stolen", "move")
)
_MODELS: dict[str, type[EventModel]] = {
    "salon": SalonEvent,
    "company": SalonEvent,  # location events sometimes name the resource this way
    "staff": StaffEvent,
    "service": ServiceEvent,
    "service_category": ServiceCategoryEvent,
    "client": ClientEvent,
    "record": RecordEvent,
    "loyalty_card": LoyaltyCardEvent,
    "schedule": ScheduleEvent,
    "good": GoodEvent,
    "finances_operation": FinancesOperationEvent,
    **dict.fromkeys(GOODS_OPERATIONS, GoodsOperationEvent),
}
_STATUSES = frozenset({"create", "update", "delete"})


class WebhookPayloadError(AltegioError, ValueError):
    """A delivery that is not an Altegio event (not JSON, not an object, fields missing)."""


@dataclass(frozen=True)
class WebhookEvent:
    """One delivery: the envelope's fields, the typed model and the body as received.

    ``model`` is the generated model of the event (``GoodsOperationEvent`` etc.), None for a
    resource this SDK does not know yet; ``kind`` is ``resource`` with ``company`` read as
    ``salon``. ``dedup_key`` is the same for every delivery of one change (see ``dedup_key``).
    """

    company_id: int
    resource: str
    resource_id: int
    status: str
    model: EventModel | None
    raw: Mapping[str, Any] = field(repr=False)
    dedup_key: str = field(repr=False)

    @property
    def kind(self) -> str:
        return "salon" if self.resource == "company" else self.resource

    @property
    def data(self) -> Any:
        """The typed ``data`` model (``[]`` for schedule events); raw ``data`` if unknown."""
        if self.model is None:
            return self.raw.get("data")
        return self.model.data

    def to_dict(self) -> dict[str, Any]:
        """The payload as a JSON-ready dict (what the vendor sent, unknown fields included)."""
        if self.model is None:
            return dict(self.raw)
        return self.model.to_dict()


def dedup_key(payload: Mapping[str, Any]) -> str:
    """``kind:company_id:resource_id:status:change time:hash of data``.

    Every retry of a delivery carries the same body, so gets the same key. Two different
    changes get the same key only when their ``data`` is identical too: schedule events (whose
    ``data`` is always ``[]``) for one team member, or an update that leaves every field of
    ``data`` as it was. Deduplicate within a window of minutes, not forever.
    """
    resource = str(payload.get("resource", ""))
    data = payload.get("data")
    changed = data.get("last_change_date", "") if isinstance(data, Mapping) else ""
    canonical = json.dumps(
        data, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str
    )
    digest = hashlib.sha256(canonical.encode()).hexdigest()[:16]
    kind = "salon" if resource == "company" else resource
    parts = (kind, payload.get("company_id"), payload.get("resource_id"), payload.get("status"))
    return ":".join(str(p) for p in (*parts, changed or "-", digest))


def parse_event(body: bytes | str | Mapping[str, Any]) -> WebhookEvent:
    """Parse one delivery (raw body or decoded JSON) into a ``WebhookEvent``.

    Raises ``WebhookPayloadError`` when the body is not an event. Unknown resources give an
    event with ``model=None`` rather than an error.
    """
    payload = _decode(body)
    for name, kind in (("company_id", int), ("resource_id", int), ("resource", str)):
        value = payload.get(name)
        if not isinstance(value, kind) or isinstance(value, bool):
            raise WebhookPayloadError(f"webhook payload: {name} missing or not {kind.__name__}")
    status = payload.get("status")
    if status not in _STATUSES:
        raise WebhookPayloadError(f"webhook payload: unknown status {status!r}")
    resource: str = payload["resource"]
    model_class = _MODELS.get(resource)
    model: EventModel | None = None
    if model_class is not None:
        typed = dict(payload)
        if typed.get("data") == [] and model_class is not ScheduleEvent:
            del typed["data"]  # "no data" sent as an empty list
        try:
            model = model_class.from_dict(typed)
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise WebhookPayloadError(
                f"webhook payload for {resource!r} does not fit its schema: {exc!r}"
            ) from exc
    return WebhookEvent(
        company_id=payload["company_id"],
        resource=resource,
        resource_id=payload["resource_id"],
        status=str(status),
        model=model,
        raw=payload,
        dedup_key=dedup_key(payload),
    )


def _decode(body: bytes | str | Mapping[str, Any]) -> dict[str, Any]:
    if isinstance(body, Mapping):
        return dict(body)
    if not isinstance(body, bytes | bytearray | str):
        raise WebhookPayloadError(f"webhook payload must be bytes or a mapping, not {type(body)}")
    try:
        payload = loads(body)
    except (ValueError, UnicodeDecodeError) as exc:
        raise WebhookPayloadError(f"webhook payload is not JSON: {exc}") from exc
    except RecursionError:
        raise WebhookPayloadError("webhook payload is JSON nested too deeply to read") from None
    if not isinstance(payload, dict):
        raise WebhookPayloadError("webhook payload is not a JSON object")
    return payload
