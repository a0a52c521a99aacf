"""``Deduplicator``: run a handler once per change, however often the vendor delivers it."""

from __future__ import annotations

import asyncio
import time
from collections import OrderedDict
from collections.abc import Callable

from ._events import WebhookEvent
from ._receiver import Handler

__all__ = ["Deduplicator"]


class Deduplicator:
    """Remembers the ``dedup_key`` of every event handled in the last ``window`` seconds.

    ``dedup(handler)`` returns a handler that skips an event already handled successfully;
    a duplicate arriving while the first copy is still being handled waits for it, and runs
    the handler itself if the first copy failed. Keys are kept in memory (one process): the
    vendor retries within seconds, so the default window of an hour is plenty.
    """

    def __init__(
        self,
        window: float = 3600.0,
        *,
        max_keys: int = 100_000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.window = window
        self.max_keys = max_keys
        self._clock = clock
        self._done: OrderedDict[str, float] = OrderedDict()
        self._locks: dict[str, asyncio.Lock] = {}
        self.skipped = 0

    def seen(self, key: str) -> bool:
        """Whether ``key`` was handled within the window."""
        self._expire()
        return key in self._done

    def mark(self, key: str) -> None:
        """Record ``key`` as handled now."""
        self._done[key] = self._clock()
        self._done.move_to_end(key)
        while len(self._done) > self.max_keys:
            self._done.popitem(last=False)

    def __call__(self, handler: Handler) -> Handler:
        async def deduplicated(event: WebhookEvent) -> None:
            key = event.dedup_key
            lock = self._locks.setdefault(key, asyncio.Lock())
            try:
                async with lock:
                    if self.seen(key):
                        self.skipped += 1
                        return
                    await handler(event)
                    self.mark(key)
            finally:
                if not lock.locked() and self._locks.get(key) is lock:
                    del self._locks[key]

        return deduplicated

    def _expire(self) -> None:
        limit = self._clock() - self.window
        while self._done:
            when = next(iter(self._done.values()))
            if when >= limit:
                break
            self._done.popitem(last=False)
