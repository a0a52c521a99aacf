"""Shared pieces of the unit tests: tokens, a recording MockTransport handler, virtual time."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import httpx

from altegio_client import Altegio, RateLimit
from altegio_client.models import DocumentRequestDict

# Distinctive values so a leak is found by a plain substring search.
PARTNER = "partner-tok-7Hq2"
USER = "user-tok-Zx91"
PASSWORD = "pa55-w0rd-Kp3"
LOGIN = "+13155550175"
LOCATION = 4564

DOC_BODY: DocumentRequestDict = {
    "create_date": "2026-09-21T23:00:00.000-05:00",
    "storage_id": 36539,
    "type_id": 3,
}

Handler = Callable[[httpx.Request], httpx.Response]


def envelope(
    data: Any,
    *,
    status: int = 200,
    meta: Any = None,
    success: bool = True,
    headers: dict[str, str] | None = None,
) -> httpx.Response:
    """A reply in the vendor's `{success, data, meta}` envelope."""
    body = {"success": success, "data": data, "meta": [] if meta is None else meta}
    return httpx.Response(status, json=body, headers=headers)


class Recorder:
    """MockTransport handler that keeps every request it was sent."""

    def __init__(self, respond: Handler) -> None:
        self.requests: list[httpx.Request] = []
        self._respond = respond

    def __call__(self, request: httpx.Request) -> httpx.Response:
        request.read()
        self.requests.append(request)
        return self._respond(request)

    @property
    def count(self) -> int:
        return len(self.requests)

    @property
    def last(self) -> httpx.Request:
        return self.requests[-1]

    def bodies(self) -> list[Any]:
        return [json.loads(r.content) if r.content else None for r in self.requests]


def make_client(
    respond: Handler | Recorder,
    *,
    user_token: str | None = USER,
    rate_limit: RateLimit | None = None,
    **options: Any,
) -> Altegio:
    """A client on a MockTransport; no rate limit unless asked, so tests never wait."""
    return Altegio(
        PARTNER,
        user_token,
        transport=httpx.MockTransport(respond),
        rate_limit=rate_limit,
        **options,
    )


@contextmanager
def virtual_time(start: float = 1000.0) -> Iterator[Callable[[], float]]:
    """Make the running loop's clock virtual: an idle loop jumps to its next timer at once.

    Everything that sleeps through asyncio (the limiter, retries) then runs in no real time,
    and ``loop.time()`` tells when each thing happened on the virtual clock.
    """
    loop = asyncio.get_running_loop()
    selector = getattr(loop, "_selector")  # noqa: B009 - private, not in the stubs
    real_select = selector.select
    now = [start]

    def clock() -> float:
        return now[0]

    def select(timeout: float | None = None) -> Any:
        if timeout is None:
            return real_select(None)
        now[0] += timeout
        return real_select(0)

    setattr(loop, "time", clock)  # noqa: B010 - mypy forbids assigning to a method
    setattr(selector, "select", select)  # noqa: B010
    try:
        yield clock
    finally:
        delattr(loop, "time")
        delattr(selector, "select")
