"""The fake's webhooks: every write it performs is delivered as the vendor's event payload.

``FakeAltegio.subscribe(url_or_callable, events=...)`` turns it on. Payloads are built right
after the write (so they show the state it left) and delivered in background tasks, like the
vendor's: a URL gets a JSON POST (``Authorization: Bearer <token>`` when a token is given),
retried twice, 1.5 s apart, on a transport error, 429 or 5xx; a callable gets the payload dict.
``copies``/``delay`` deliver each event more than once or later, to test idempotency.
Transactions are compared before and after each request, so a change by any operation counts.
"""

from __future__ import annotations

import asyncio
import copy
import inspect
import logging
from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import httpx

from . import _render as render
from ._model import TransactionRecord, iso_compact
from ._replies import Reply
from ._store import Store

__all__ = ["Delivery", "Subscription", "WebhookSender", "WebhooksAPI"]

logger = logging.getLogger("altegio_client.testing")

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
_LOCATION_WRITES = {
    "create_location": "create",
    "update_location": "update",
    "delete_location": "delete",
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
    errors: list[Exception] = field(default_factory=list)
    _tasks: set[asyncio.Task[None]] = field(default_factory=set)
    _last: dict[tuple[str, int], dict[str, Any]] = field(default_factory=dict)
    _transactions: dict[int, tuple[int, dict[str, Any]]] | None = None  # id -> data last sent

    def observe(self, operation_id: str, params: Mapping[str, str], reply: Reply) -> None:
        """Called by the app after each successful request; schedules the matching events."""
        if not self.subscriptions or reply.status >= 300:
            return
        try:
            payloads = list(self._payloads(operation_id, params, reply))
        except Exception as exc:  # a bug here must not fail the API call that was made
            logger.exception("FakeAltegio could not build the webhooks for %s", operation_id)
            self.errors.append(exc)
            return
        for payload in payloads:
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
        yield from self._goods_operations()
        data = reply.body.get("data") if isinstance(reply.body, dict) else None
        status = _PRODUCT_WRITES.get(operation_id)
        if status is not None:
            product_id = int(data["good_id"] if isinstance(data, dict) else params["product_id"])
            yield self._good(product_id, status, int(params["location_id"]))
        status = _LOCATION_WRITES.get(operation_id)
        if status is not None:
            location_id = int(data["id"] if isinstance(data, dict) else params["location_id"])
            yield self._salon(location_id, status)

    def prime(self) -> None:
        """Take the current transactions as known, so only later changes become events."""
        if self._transactions is None:
            self._transactions = {
                tx.id: (tx.location_id, self._tx_data(tx))
                for tx in self.store.transactions.values()
            }

    def _goods_operations(self) -> Iterable[dict[str, Any]]:
        """Transactions created, changed or gone since the last request, by any operation.

        Comparing states rather than naming operations also covers a deleted document taking
        its transactions along and an edited document changing its transactions' type.
        """
        self.prime()
        assert self._transactions is not None
        before, now = self._transactions, self.store.transactions
        for tx_id in sorted(set(before) | set(now)):
            tx = now.get(tx_id)
            if tx is None:
                yield self._tx_event(before.pop(tx_id), "delete", tx_id)
                continue
            known = (tx.location_id, self._tx_data(tx))
            if tx_id not in before:
                yield self._tx_event(known, "create", tx_id)
            elif known != before[tx_id]:
                yield self._tx_event(known, "update", tx_id)
            before[tx_id] = known

    def _tx_event(
        self, known: tuple[int, dict[str, Any]], status: str, tx_id: int
    ) -> dict[str, Any]:
        location_id, data = known
        resource = GOODS_OPERATION_EVENTS.get(data["type_id"], "goods_operations_sale")
        return self._event(resource, location_id, tx_id, status, data)

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
            "data": copy.deepcopy(data),  # each delivery its own copy
        }

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

    def _salon(self, location_id: int, status: str) -> dict[str, Any]:
        record = self.store.locations.get(location_id)
        data: dict[str, Any] = render.location(record) if record else {"id": location_id}
        if data.get("schedule") == "":
            data["schedule"] = []  # the API's reply says "" for no schedule, the event says []
        return self._event("salon", location_id, location_id, status, data)

    def _good(self, product_id: int, status: str, location_id: int) -> dict[str, Any]:
        record = self.store.products.get(product_id)
        data = render.product(self.store, record) if record else {"good_id": product_id}
        return self._event("good", location_id, product_id, status, data)

    # -- delivery ---------------------------------------------------------------------------

    async def _deliver(self, sub: Subscription, payload: dict[str, Any]) -> None:
        if sub.delay:
            await asyncio.sleep(sub.delay)
        if not isinstance(sub.target, str):
            result = sub.target(copy.deepcopy(payload))
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
        self.webhooks.prime()
        self.webhooks.subscriptions.append(sub)
        return sub
