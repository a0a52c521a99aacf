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

One ``RateLimiter`` may be shared by several clients in a process (``Altegio(rate_limiter=...)``);
``cool_down()`` makes all of them pause after a 429. Across processes use ``RedisRateLimiter``.
"""

from __future__ import annotations

import bisect
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ._clock import SYSTEM_CLOCK, Clock
from ._limiting import HoldBack

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
    """Sliding windows in this process: shared by every task of a client (or of several clients).

    ``clock`` is a ``Clock`` (its ``now`` and ``sleep`` are used) or a bare function returning
    monotonic seconds (then asyncio's sleep is used). ``cool_down_default`` is the pause after a
    429 that came without Retry-After.
    """

    def __init__(
        self,
        limit: RateLimit | None = None,
        clock: Clock | Callable[[], float] = SYSTEM_CLOCK,
        *,
        cool_down_default: float = 1.0,
    ) -> None:
        self.limit = limit = limit if limit is not None else RateLimit()
        if isinstance(clock, Clock):
            self._clock: Callable[[], float] = clock.now
            self._sleep: Callable[[float], Any] | None = clock.sleep
        else:
            self._clock, self._sleep = clock, None
        self._cool_down_default = cool_down_default
        self._cool_until = -float("inf")
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
        previous = request.extensions.get("trace")

        async def trace(name: str, info: dict[str, Any]) -> None:
            # The bytes are leaving now: count the request from here and free its place, so a
            # slow reply does not hold back the next window.
            if not sent and name.endswith("send_request_headers.started"):
                if self._clock() < self._cool_until:
                    sent.append(False)  # a 429 arrived while this one waited: do not send
                    self._release()
                    raise HoldBack
                sent.append(True)
                self._finish(self._clock())
            if previous is not None:
                await previous(name, info)

        request.extensions["trace"] = trace
        try:
            yield
        finally:
            if previous is None:
                request.extensions.pop("trace", None)
            else:
                request.extensions["trace"] = previous
            if not sent:
                self._finish(self._clock())

    async def cool_down(self, retry_after: float | None) -> None:
        """A 429 arrived: no new request leaves before ``retry_after`` (or the default)."""
        wait = self._cool_down_default if retry_after is None else retry_after
        self._cool_until = max(self._cool_until, self._clock() + wait)

    async def _take(self) -> None:
        import asyncio  # here, not at the top: `import altegio_client` stays cheap

        if self._lock is None or self._finished is None:
            self._lock, self._finished = asyncio.Lock(), asyncio.Event()
        async with self._lock:
            while True:
                now = self._clock()
                if now < self._cool_until:
                    await self._pause(self._cool_until - now)
                    continue
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
                    await self._pause(wait)
                else:  # every place is held by a request in flight: wait for one to finish
                    self._finished.clear()
                    await self._finished.wait()

    async def _pause(self, seconds: float) -> None:
        if self._sleep is not None:
            await self._sleep(seconds)
        else:
            import asyncio

            await asyncio.sleep(seconds)

    def _finish(self, stamp: float) -> None:
        for _, _, sent in self._windows:
            bisect.insort(sent, stamp)
        self._release()

    def _release(self) -> None:
        self._in_flight -= 1
        if self._finished is not None:
            self._finished.set()
