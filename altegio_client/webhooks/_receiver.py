"""``receiver()``: a plain ASGI app that takes the vendor's deliveries."""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from ._events import WebhookEvent, WebhookPayloadError, parse_event

__all__ = ["ACK_DEADLINE", "Handler", "receiver"]

logger = logging.getLogger("altegio_client.webhooks")

#: The vendor waits this long for a 2xx before it counts the delivery as failed.
ACK_DEADLINE = 15.0

Handler = Callable[[WebhookEvent], Awaitable[None]]
Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


def receiver(
    handler: Handler | None = None,
    *,
    token: str | None,
    queue: asyncio.Queue[WebhookEvent] | None = None,
    timeout: float = ACK_DEADLINE - 1.0,
    max_body: int = 1_000_000,
) -> ASGIApp:
    """An ASGI app answering the vendor's POSTs (serve it, or mount it in Starlette/FastAPI).

    Every request must carry ``Authorization: Bearer <token>`` (compared in constant time;
    ``token=None`` switches the check off). With ``handler`` the delivery is acknowledged only
    after ``await handler(event)`` returned within ``timeout`` seconds; an exception or the
    timeout answers 5xx, so the vendor delivers again and nothing is lost. With ``queue``
    instead, each event is put on the queue and acknowledged at once (503 when it is full).
    Retried deliveries reach the handler again: wrap it with ``Deduplicator``.
    """
    if (handler is None) == (queue is None):
        raise ValueError("give exactly one of handler and queue")
    if token is not None and not token:
        raise ValueError("token must not be empty (None switches the check off)")
    expected = f"bearer {token}".encode() if token is not None else None

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await _lifespan(receive, send)
            return
        if scope["type"] != "http":
            return
        if scope["method"] != "POST":
            await _reply(send, 405, "POST only", [(b"allow", b"POST")])
            return
        if expected is not None and not _authorized(scope, expected):
            await _reply(send, 401, "unauthorized")
            return
        body = await _read(receive, max_body)
        if body is None:
            await _reply(send, 413, "body too large")
            return
        try:
            event = parse_event(body)
        except WebhookPayloadError as exc:
            logger.warning("rejected a webhook delivery: %s", exc)
            await _reply(send, 400, "not an Altegio event")
            return
        if queue is not None:
            try:
                queue.put_nowait(event)
            except asyncio.QueueFull:
                await _reply(send, 503, "queue full")
                return
            await _reply(send, 200, "ok")
            return
        assert handler is not None
        try:
            await asyncio.wait_for(handler(event), timeout)
        except TimeoutError:
            logger.error("webhook handler took over %ss for %s", timeout, event.dedup_key)
            await _reply(send, 503, "handler timed out")
            return
        except Exception:
            logger.exception("webhook handler failed for %s", event.dedup_key)
            await _reply(send, 500, "handler failed")
            return
        await _reply(send, 200, "ok")

    return app


def _authorized(scope: Scope, expected: bytes) -> bool:
    given = b""
    for name, value in scope.get("headers", []):
        if name.lower() == b"authorization":
            given = value
    scheme, _, rest = given.strip().partition(b" ")
    # The scheme is case-insensitive; the token is compared in constant time.
    return hmac.compare_digest(scheme.lower() + b" " + rest.strip(), expected)


async def _read(receive: Receive, limit: int) -> bytes | None:
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            break
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
        if not message.get("more_body"):
            break
    return b"".join(chunks)


async def _reply(
    send: Send, status: int, text: str, extra: list[tuple[bytes, bytes]] | None = None
) -> None:
    data = json.dumps({"success": 200 <= status < 300, "message": text}).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", b"%d" % len(data))]
    headers += extra or []
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": data})


async def _lifespan(receive: Receive, send: Send) -> None:
    while True:
        message = await receive()
        if message["type"] == "lifespan.startup":
            await send({"type": "lifespan.startup.complete"})
        elif message["type"] == "lifespan.shutdown":
            await send({"type": "lifespan.shutdown.complete"})
            return
