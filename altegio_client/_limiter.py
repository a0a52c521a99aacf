"""Client-side rate limiting: never more than N requests in any window of T seconds.

The vendor counts requests per IP (5 per second and 200 per minute). A leaky bucket such as
aiolimiter lets a full bucket burst and then keep draining, which can put nearly twice the
limit into one window right after an idle spell; a server that counts per window answers that
burst with 429. This limiter keeps the send times of the last N requests per window instead,
so the guarantee holds for any window, and waiters are served first come, first served.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

__all__ = ["RateLimit", "RateLimiter"]


@dataclass(frozen=True)
class RateLimit:
    """Requests allowed per window; ``margin`` widens each window a little for clock jitter."""

    per_second: int | None = 5
    per_minute: int | None = 200
    margin: float = 0.02

    def windows(self) -> list[tuple[int, float]]:
        pairs = [(self.per_second, 1.0), (self.per_minute, 60.0)]
        return [(n, t * (1 + self.margin)) for n, t in pairs if n]


class RateLimiter:
    """Shared by every task of a client (and its ``with_options`` copies)."""

    def __init__(self, limit: RateLimit, clock: Callable[[], float] = time.monotonic) -> None:
        self.limit = limit
        self._clock = clock
        self._windows = [(n, t, deque[float]()) for n, t in limit.windows()]
        self._lock: asyncio.Lock | None = None

    async def acquire(self) -> None:
        """Wait until one more request fits every window, then record it."""
        if self._lock is None:
            self._lock = asyncio.Lock()
        async with self._lock:
            while True:
                now = self._clock()
                wait = 0.0
                for capacity, period, sent in self._windows:
                    # Same float expression as `wait` below: `now - sent[0] >= period` can be
                    # False while `sent[0] + period - now` is 0.0, which let requests through.
                    while sent and sent[0] + period <= now:
                        sent.popleft()
                    if len(sent) >= capacity:
                        wait = max(wait, sent[0] + period - now)
                if wait <= 0:
                    for _, _, sent in self._windows:
                        sent.append(now)
                    return
                await asyncio.sleep(wait)
