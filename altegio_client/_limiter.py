"""Client-side rate limiting: never more than N requests in any window of T seconds.

The vendor counts requests per IP (5 per second and 200 per minute). A leaky bucket such as
aiolimiter lets a full bucket burst and then keep draining, which can put nearly twice the
limit into one window right after an idle spell; a server that counts per window answers that
burst with 429. This limiter keeps the send times of the last N requests per window instead,
so the guarantee holds for any window, and waiters are served first come, first served.

The server counts a request when it arrives, not when this process decides to send it. The first
calls of a cold client spend a while connecting before their bytes leave, so stamping them at the
decision lets the next window start early and draws 429s. ``slot()`` therefore holds its place
until the request's headers start going out (httpcore's trace events) and stamps it then; with a
transport that reports no such event, until the request completes.
"""

from __future__ import annotations

import bisect
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import asyncio

    import httpx

__all__ = ["RateLimit", "RateLimiter"]


@dataclass(frozen=True)
class RateLimit:
    """Requests allowed per window; ``margin`` widens each window a little for clock jitter."""

    per_second: int | None = 5
    per_minute: int | None = 200
    # The server counts arrivals. A request can reach it later than the moment it was stamped
    # here (its queue, the network), and a burst makes those delays uneven: with 2% the
    # pipeline benchmark drew an occasional 429 (2 runs in 8) on a busy host; 10% drew none.
    margin: float = 0.1

    def windows(self) -> list[tuple[int, float]]:
        pairs = [(self.per_second, 1.0), (self.per_minute, 60.0)]
        return [(n, t * (1 + self.margin)) for n, t in pairs if n]


class RateLimiter:
    """Shared by every task of a client (and its ``with_options`` copies)."""

    def __init__(self, limit: RateLimit, clock: Callable[[], float] = time.monotonic) -> None:
        self.limit = limit
        self._clock = clock
        # per window: capacity, period, sorted stamps of the requests already sent
        self._windows = [(n, t, list[float]()) for n, t in limit.windows()]
        self._in_flight = 0
        self._lock: asyncio.Lock | None = None
        self._finished: asyncio.Event | None = None

    async def acquire(self) -> None:
        """Wait until one more request fits every window, then record it as sent now."""
        await self._take()
        self._finish(self._clock())

    @asynccontextmanager
    async def slot(self, request: httpx.Request) -> AsyncIterator[None]:
        """Hold a place for ``request`` while it is in flight (see the module docstring)."""
        await self._take()
        sent: list[bool] = []

        async def trace(name: str, info: dict[str, Any]) -> None:
            # The bytes are leaving now: count the request from here and free its place, so a
            # slow reply does not hold back the next window.
            if not sent and name.endswith("send_request_headers.started"):
                sent.append(True)
                self._finish(self._clock())

        request.extensions["trace"] = trace
        try:
            yield
        finally:
            if not sent:
                self._finish(self._clock())

    async def _take(self) -> None:
        import asyncio  # here, not at the top: `import altegio_client` stays cheap

        if self._lock is None or self._finished is None:
            self._lock, self._finished = asyncio.Lock(), asyncio.Event()
        async with self._lock:
            while True:
                now = self._clock()
                wait, full = 0.0, False
                for capacity, period, sent in self._windows:
                    # both tests, so a stamp whose wait below rounds to zero counts as gone
                    while sent and (now - sent[0] >= period or sent[0] + period <= now):
                        del sent[0]
                    if len(sent) + self._in_flight >= capacity:
                        full = True
                        if sent:
                            wait = max(wait, sent[0] + period - now)
                if not full:
                    self._in_flight += 1
                    return
                if wait > 0:
                    await asyncio.sleep(wait)
                else:  # every place is held by a request in flight: wait for one to finish
                    self._finished.clear()
                    await self._finished.wait()

    def _finish(self, stamp: float) -> None:
        self._in_flight -= 1
        for _, _, sent in self._windows:
            bisect.insort(sent, stamp)
        if self._finished is not None:
            self._finished.set()
