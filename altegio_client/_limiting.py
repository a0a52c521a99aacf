"""What the client needs from a rate limiter, so users can share one or bring their own.

``Altegio(rate_limiter=...)`` takes any object with these two methods. One instance may serve
many clients (and tasks) at once: the budget belongs to the egress address, not to a client.
``RateLimiter`` (in-process) and ``RedisRateLimiter`` (across processes and machines) are the two
the SDK ships.
"""

from __future__ import annotations

from contextlib import AbstractAsyncContextManager
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from ._errors import AltegioError

if TYPE_CHECKING:
    import httpx

__all__ = ["HoldBack", "Limiter", "RateLimiterUnavailableError"]


@runtime_checkable
class Limiter(Protocol):
    """A shared budget of requests.

    ``slot(request)`` waits for a place and holds it while the request is sent; a limiter may hook
    ``request.extensions["trace"]`` to learn when the headers actually leave (and should call a
    trace hook that was there before). ``cool_down(retry_after)`` is called when the API answered
    429, so the limiter can make every user of the budget wait (``retry_after`` is the server's
    hint in seconds, or None when it sent none).
    """

    def slot(self, request: httpx.Request) -> AbstractAsyncContextManager[None]: ...

    async def cool_down(self, retry_after: float | None) -> None: ...


class HoldBack(Exception):
    """Raised by a limiter from the trace hook, before any byte leaves, to cancel a send.

    It happens when a cool-down began while the request waited for its connection: sending now
    would only draw another 429. The request provably never left, so the client takes a new place
    and sends it again (a POST too) without counting a retry.
    """


class RateLimiterUnavailableError(AltegioError):
    """The shared limiter's store (Redis) cannot be reached, and no fallback was configured."""
