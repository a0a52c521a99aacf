"""Giving back the connections httpcore loses when a call is cancelled at one unlucky moment.

With httpcore 1.0.9 on anyio 4, taking a connection's state lock yields to the event loop even
when the lock is free. A cancellation that lands there skips httpcore's bookkeeping: the
connection stays "new" or "active" in the pool for good, and (when it happens while the reply
is being closed) the pool's entry for the request is never removed. Each such call costs one of
``max_connections`` for the life of the client; a worker that cancels calls through timeouts
eventually finds every slot taken and every call waiting for a connection until PoolTimeout.
tests/faults found it by cancelling after every number of event-loop steps.

After a call is cancelled, the next call first drops what it may have left: pool entries for
its request, then connections that no remaining entry uses and that are neither idle nor closed.
This reads httpcore's private state, so it does nothing unless that state looks as expected.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable
from typing import Any

__all__ = ["repair_pool"]


def _pool_of(http: Any) -> Any:
    pool = getattr(getattr(http, "_transport", None), "_pool", None)
    needed = ("_requests", "_connections", "_optional_thread_lock")
    return pool if all(hasattr(pool, name) for name in needed) else None


async def repair_pool(http: Any, cancelled: Iterable[object]) -> int:
    """Close the pool's connections orphaned by cancelled requests; returns how many."""
    pool = _pool_of(http)
    if pool is None:
        return 0
    ours = {id(extensions) for extensions in cancelled}
    try:
        with pool._optional_thread_lock:
            for entry in list(pool._requests):
                request = getattr(entry, "request", None)
                if id(getattr(request, "extensions", None)) in ours:
                    pool._requests.remove(entry)
            in_use = {id(e.connection) for e in pool._requests if e.connection is not None}
            orphans = [
                c
                for c in pool._connections
                if id(c) not in in_use and not c.is_idle() and not c.is_closed()
            ]
            for connection in orphans:
                pool._connections.remove(connection)
    except Exception:  # httpcore changed shape: leave its pool alone
        return 0
    for connection in orphans:
        with contextlib.suppress(Exception):
            await connection.aclose()
    return len(orphans)
