"""``VirtualClock``: a ``Clock`` whose ``sleep`` moves time forward at once.

Share one between the fake (its rate limits and injected delays) and the client (its rate
limiter and the retries' back-off): a test then runs minutes of back-off in no real time and
can assert on how long it *would* have waited (``clock.elapsed``, ``clock.sleeps``).

Time is one line for the whole test: ``sleep(s)`` adds ``s`` to it, then yields to the event
loop once. Sleeps of concurrent tasks therefore add up rather than overlap; tests that need
overlapping waits should look at ``sleeps`` rather than ``elapsed``.
"""

from __future__ import annotations

import asyncio

__all__ = ["VirtualClock"]


class VirtualClock:
    """Monotonic virtual seconds (``now()``) and an instant ``sleep`` on them."""

    def __init__(self, start: float = 1000.0) -> None:
        self._start = start
        self._now = start
        #: Every sleep asked for, in order (seconds; zero and negative ones included).
        self.sleeps: list[float] = []

    def now(self) -> float:
        return self._now

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.advance(seconds)
        await asyncio.sleep(0)  # still a suspension point, as a real sleep is

    def advance(self, seconds: float) -> None:
        """Move time forward without sleeping (negative values are ignored)."""
        self._now += max(0.0, seconds)

    @property
    def elapsed(self) -> float:
        """Virtual seconds since the clock was made."""
        return self._now - self._start

    def __repr__(self) -> str:
        return f"VirtualClock(elapsed={self.elapsed:.3f})"
