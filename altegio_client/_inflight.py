"""Ending the calls still running when the client is closed.

httpx refuses to send on a closed client with a bare RuntimeError, and a call that is sleeping
before its next retry would only find out when it wakes up (seconds later). So every call
registers the task it runs in while it is inside the SDK; ``close()`` cancels those tasks, and the
call turns that cancellation, and only that one, into ``ClientClosedError``. A cancellation
that comes from anywhere else (the caller's own timeout, task group) still propagates untouched;
the request it abandoned is remembered so the next call can check the pool (_pool_repair).
"""

from __future__ import annotations

from types import TracebackType
from typing import TYPE_CHECKING

from ._errors import AltegioError, APIConnectionError, ClientClosedError
from ._pool_repair import repair_pool

if TYPE_CHECKING:
    import asyncio

    import httpx

__all__ = ["InFlight"]

CLOSED_MESSAGE = "this Altegio client is closed; create a new one"


class InFlight:
    """The tasks currently inside a call of one client (shared by its ``with_options`` copies)."""

    def __init__(self) -> None:
        self.closed = False
        self._tasks: set[asyncio.Task[object]] = set()
        self._cancelled: set[asyncio.Task[object]] = set()  # by close(), not yet handled
        # request extensions of calls cancelled by their caller, for _pool_repair
        self._abandoned: list[object] = []

    def call(
        self, http: httpx.AsyncClient | None = None, request: httpx.Request | None = None
    ) -> _Call:
        """Async context manager around sending one call; ClientClosedError once closed.

        ``http``: the pool the call uses, so that a pool closed by someone else (a client passed
        in by the caller) also reads as ClientClosedError. ``request``: what is sent, so that
        a cancelled call's leftovers can be found in the pool (see _pool_repair).
        """
        if self.closed:
            raise ClientClosedError(CLOSED_MESSAGE)
        return _Call(self, http, request)

    def close(self) -> int:
        """Mark closed and cancel every call in flight; returns how many were cancelled."""
        import asyncio  # here, not at the top: `import altegio_client` stays cheap

        self.closed = True
        try:
            current = asyncio.current_task()
        except RuntimeError:  # closed outside a running loop: nothing can be in flight
            current = None
        count = 0
        for task in list(self._tasks):
            if task is not current and not task.done() and task not in self._cancelled:
                self._cancelled.add(task)
                task.cancel(CLOSED_MESSAGE)
                count += 1
        return count


class _Call:
    __slots__ = ("_http", "_inflight", "_request", "_task")

    def __init__(
        self,
        inflight: InFlight,
        http: httpx.AsyncClient | None,
        request: httpx.Request | None,
    ) -> None:
        self._inflight = inflight
        self._http = http
        self._request = request
        self._task: asyncio.Task[object] | None = None

    async def __aenter__(self) -> None:
        import asyncio

        inflight = self._inflight
        if inflight._abandoned and self._http is not None:
            abandoned, inflight._abandoned = inflight._abandoned, []
            await repair_pool(self._http, abandoned)

        try:
            task = asyncio.current_task()
        except RuntimeError:
            task = None
        if task is not None:
            self._task = task
            self._inflight._tasks.add(task)

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        task = self._task
        inflight = self._inflight
        if task is None or task not in inflight._cancelled:
            if task is not None:
                inflight._tasks.discard(task)
            if isinstance(exc, BaseException) and not isinstance(exc, Exception):
                if self._request is not None:  # cancelled by its caller: check the pool later
                    inflight._abandoned.append(self._request.extensions)
                return
            if exc is None or isinstance(exc, AltegioError | AssertionError):
                return  # no error, already typed, or a test's assertion
            if inflight.closed or (self._http is not None and self._http.is_closed):
                # httpx: "Cannot send a request, as the client has been closed"
                raise ClientClosedError(CLOSED_MESSAGE) from None
            # A transport that fails in a way httpx does not map (a custom transport's bug, an
            # unmapped socket error): still typed; the request may have been sent.
            raise APIConnectionError(f"the request failed: {type(exc).__name__}") from None
        inflight._tasks.discard(task)
        inflight._cancelled.discard(task)
        import asyncio

        if isinstance(exc, asyncio.CancelledError):
            # Ours, unless someone else cancelled the task too: then theirs wins.
            if task.uncancel() == 0:
                raise ClientClosedError(CLOSED_MESSAGE) from None
            return
        # Something inside (httpcore's shielded clean-up) absorbed the cancellation: take our
        # request back so it cannot land on the caller's next await.
        task.uncancel()
        if exc is not None:
            raise ClientClosedError(CLOSED_MESSAGE) from None
