"""Server-side rate limit: the vendor's sliding windows, counted per client address.

The vendor allows 5 requests per second and 200 per minute per IP and answers 429 beyond
that. Only accepted requests count, so a client that backs off as told gets through again.
"""

from __future__ import annotations

import math
import threading
import time
from collections import deque
from collections.abc import Callable

from .._limiter import RateLimit

__all__ = ["SlidingWindows"]


class SlidingWindows:
    """``check(key)`` returns 0 when the request fits every window, else seconds to wait."""

    def __init__(self, limit: RateLimit, clock: Callable[[], float] = time.monotonic) -> None:
        # Exact windows here: the margin in RateLimit is the client's safety, not the server's.
        pairs = [(limit.per_second, 1.0), (limit.per_minute, 60.0)]
        self._windows = [(n, period) for n, period in pairs if n]
        self._clock = clock
        self._sent: dict[str, list[deque[float]]] = {}
        self._lock = threading.Lock()

    def check(self, key: str) -> float:
        with self._lock:
            now = self._clock()
            logs = self._sent.setdefault(key, [deque() for _ in self._windows])
            wait = 0.0
            for (capacity, period), sent in zip(self._windows, logs, strict=True):
                while sent and now - sent[0] >= period:
                    sent.popleft()
                if len(sent) >= capacity:
                    wait = max(wait, sent[0] + period - now)
            if wait > 0:
                return wait
            for sent in logs:
                sent.append(now)
            return 0.0

    @staticmethod
    def retry_after(wait: float) -> str:
        """Retry-After is whole seconds; round up so a client that obeys it fits."""
        return str(max(1, math.ceil(wait)))
