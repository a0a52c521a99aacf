"""The one seam for time: what the limiter and the retries read and sleep on.

Everything in the client that waits (a place in the rate limiter, the pause before a retry) goes
through a ``Clock``, so a test can pass a virtual one and run minutes of back-off in no real time.
A clock's ``now()`` only has to be monotonic; it is never compared with wall time or with another
process's clock (``RedisRateLimiter`` reads Redis's clock for that reason).
"""

from __future__ import annotations

import time
from typing import Protocol, runtime_checkable

__all__ = ["SYSTEM_CLOCK", "Clock", "SystemClock"]


@runtime_checkable
class Clock(Protocol):
    """Monotonic seconds and an awaitable sleep on the same time line."""

    def now(self) -> float: ...

    async def sleep(self, seconds: float) -> None: ...


class SystemClock:
    """``time.monotonic`` and ``asyncio.sleep``: the default."""

    def now(self) -> float:
        return time.monotonic()

    async def sleep(self, seconds: float) -> None:
        import asyncio  # here, not at the top: `import altegio_client` stays cheap

        await asyncio.sleep(seconds)

    def __repr__(self) -> str:
        return "SystemClock()"


SYSTEM_CLOCK = SystemClock()
