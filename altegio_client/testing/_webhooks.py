"""The fake's webhooks: every write it performs is delivered as the vendor's event payload.

``FakeAltegio.subscribe(url_or_callable, events=...)`` turns it on. Payloads are built right
after the write (so they show the state it left) and delivered in background tasks, like the
vendor's: a URL gets a JSON POST (``Authorization: Bearer <token>`` when a token is given),
retried twice, 1.5 s apart, on a transport error, 429 or 5xx; a callable gets the payload dict.
``copies``/``delay`` deliver each event more than once or later, to test idempotency.
"""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import httpx

from . import _render as render
from ._model import TransactionRecord, iso_compact
from ._replies import Reply
from ._store import Store

__all__ = ["Delivery", "Subscription", "WebhookSender", "WebhooksAPI"]

Target = str | Callable[[dict[str, Any]], Awaitable[None] | None]

#: Document ``type_id`` -> the goods-operation event it produces.
GOODS_OPERATION_EVENTS = {
    1: "goods_operations_sale",
    2: "goods_operations_consumable",
    3: "goods_operations_receipt",
    4: "goods_operations_stolen",
    5: "goods_operations_move",
    7: "goods_operations_stolen",
}
_TYPE_NAMES = {1: "sale", 2: "consumable", 3: "receipt", 4: "write-off", 5: "move", 7: "write-off"}
_TX_WRITES = {
    "create_inventory_operation": "create",
    "create_transaction": "create",
    "update_transaction": "update",
    "delete_transaction": "delete",
}
_PRODUCT_WRITES = {
    "create_product": "create",
    "update_product": "update",
    "delete_product": "delete",
}


@dataclass(frozen=True)
class Subscription:
    target: Target
    events: frozenset[str] | None  # None: every event
    token: str | None
    copies: int
    delay: float


@dataclass
class Delivery:
    """One attempt to deliver one payload (``status`` None for a callable or a network error)."""

    target: str
    payload: dict[str, Any]
    status: int | None
    error: str = ""


@dataclass
class WebhookSender:
    store: Store
    retry_delay: float = 1.5
    retries: int = 2
    subscriptions: list[Subscription] = field(default_factory=list)
    deliveries: list[Delivery] = field(default_factory=list)
    _tasks: set[asyncio.Task[None]] = field(default_factory=set)
    _last: dict[tuple[str, int], dict[str, Any]] = field(default_factory=dict)

    def observe(self, operation_id: str, params: Mapping[str, str], reply: Reply) -> None:
        """Called by the app after each successful request; schedules the matching events."""
        if not self.subscriptions or reply.status >= 300:
            return
        for payload in self._payloads(operation_id, params, reply):
            for sub in self.subscriptions:
                if sub.events is None or payload["resource"] in sub.events:
                    for _ in range(sub.copies):
                        task = asyncio.get_running_loop().create_task(self._deliver(sub, payload))
                        self._tasks.add(task)
                        task.add_done_callback(self._tasks.discard)

    async def drain(self) -> None:
        """Wait until every scheduled delivery (with its retries) is over."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)

    # -- payloads ---------------------------------------------------------------------------

    def _payloads(
        self, operation_id: str, params: Mapping[str, str], reply: Reply
    ) -> Iterable[dict[str, Any]]:
        data = reply.body.get("data") if isinstance(reply.body, dict) else None
        status = _TX_WRITES.get(operation_id)
        if status is not None:
            if operation_id == "create_inventory_operation" and isinstance(data, dict):
                ids = [int(row["id"]) for row in data.get("transactions", [])]
            else:
                ids = [int(data["id"] if isinstance(data, dict) else params["transaction_id"])]
            for tx_id in ids:
                yield self._goods_operation(tx_id, status, int(params["location_id"]))
        status = _PRODUCT_WRITES.get(operation_id)
        if status is not None:
            yield self._good(
                int(params["product_id"] if data is None else data["good_id"]),
                status,
                int(params["location_id"]),
            )

    def _event(
        self, resource: str, location_id: int, item_id: int, status: str, data: Any
    ) -> dict[str, Any]:
        if status == "delete":  # the record is gone: the last data sent, else just the id
            data = self._last.get((resource, item_id), data)
        else:
            self._last[(resource, item_id)] = data
        return {
            "company_id": location_id,
            "resource": resource,
            "resource_id": item_id,
            "status": status,
            "data": data,
        }

    def _goods_operation(self, tx_id: int, status: str, location_id: int) -> dict[str, Any]:
        tx = self.store.transactions.get(tx_id)
        if tx is None:
            previous = [k for k in self._last if k[1] == tx_id and k[0].startswith("goods_")]
            resource = previous[0][0] if previous else "goods_operations_sale"
            return self._event(resource, location_id, tx_id, status, {"id": tx_id})
        resource = GOODS_OPERATION_EVENTS.get(tx.type_id, f"goods_operations_{tx.type_id}")
        return self._event(resource, tx.location_id, tx.id, status, self._tx_data(tx))

    def _tx_data(self, tx: TransactionRecord) -> dict[str, Any]:
        store = self.store
        product = store.products.get(tx.good_id)
        storage = store.storages.get(tx.storage_id)
        master = store.team_members.get(tx.master_id)
        unit_id = 0
        if product is not None:
            unit_id = (
                product.service_unit_id if tx.operation_unit_type == 2 else product.sale_unit_id
            )
        unit = store.units.get(unit_id)
        return {
            "id": tx.id,
            "document_id": tx.document_id,
            "type_id": tx.type_id,
            "type": _TYPE_NAMES.get(tx.type_id, ""),
            "amount": render.number(tx.amount),
            "cost_per_unit": render.number(tx.cost_per_unit),
            "discount": render.number(tx.discount),
            "cost": render.number(tx.cost),
            "operation_unit_type": str(tx.operation_unit_type),
            "create_date": iso_compact(tx.create_date),
            "last_change_date": iso_compact(tx.last_change),
            "comment": tx.comment,
            "good": {"id": tx.good_id, "title": product.title if product else ""},
            "storage": {"id": tx.storage_id, "title": storage.title if storage else ""},
            "unit": (
                {"id": unit.id, "title": unit.title, "short_title": unit.short_title}
                if unit
                else []
            ),
            # The vendor sends a missing related object as [] rather than null.
            "master": {"id": master.id, "title": master.name} if master else [],
            "client": {"id": tx.client_id} if tx.client_id else [],
            "supplier": {"id": tx.supplier_id, "title": ""} if tx.supplier_id else [],
            "service": [],
        }

    def _good(self, product_id: int, status: str, location_id: int) -> dict[str, Any]:
        record = self.store.products.get(product_id)
        data = render.product(self.store, record) if record else {"good_id": product_id}
        return self._event("good", location_id, product_id, status, data)

    # -- delivery ---------------------------------------------------------------------------

    async def _deliver(self, sub: Subscription, payload: dict[str, Any]) -> None:
        if sub.delay:
            await asyncio.sleep(sub.delay)
        if not isinstance(sub.target, str):
            result = sub.target(payload)
            if inspect.isawaitable(result):
                await result
            self.deliveries.append(Delivery(repr(sub.target), payload, None))
            return
        headers = {"Authorization": f"Bearer {sub.token}"} if sub.token else {}
        async with httpx.AsyncClient(timeout=15.0) as http:
            for attempt in range(self.retries + 1):
                if attempt:
                    await asyncio.sleep(self.retry_delay)
                try:
                    reply = await http.post(sub.target, json=payload, headers=headers)
                except httpx.TransportError as exc:
                    self.deliveries.append(Delivery(sub.target, payload, None, repr(exc)))
                    continue
                self.deliveries.append(Delivery(sub.target, payload, reply.status_code))
                if reply.status_code != 429 and reply.status_code < 500:
                    return


class WebhooksAPI:
    """``FakeAltegio``'s webhook methods (mixed in)."""

    app: Any
    store: Store

    @property
    def webhooks(self) -> WebhookSender:
        """The sender: ``subscriptions``, ``deliveries`` (every attempt) and ``drain()``."""
        sender: WebhookSender | None = getattr(self, "_webhook_sender", None)
        if sender is None:
            sender = WebhookSender(self.store)
            self._webhook_sender = sender
            self.app.observer = sender.observe
        return sender

    def subscribe(
        self,
        target: Target,
        events: Iterable[str] | None = None,
        *,
        token: str | None = None,
        copies: int = 1,
        delay: float = 0.0,
    ) -> Subscription:
        """Deliver the events named in ``events`` (all when None) to a URL or a callable.

        ``copies`` > 1 delivers each event that many times; ``delay`` seconds postpones it.
        ``await fake.webhooks.drain()`` waits for everything scheduled so far.
        """
        if copies < 1:
            raise ValueError("copies must be at least 1")
        sub = Subscription(
            target, frozenset(events) if events is not None else None, token, copies, delay
        )
        self.webhooks.subscriptions.append(sub)
        return sub
