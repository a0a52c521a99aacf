"""Per-attempt events: what tracing, metrics and logs need to see about each request sent.

``Altegio(on_event=callback)`` calls ``callback(event)`` once per attempt, right after it ended
(a response arrived or the send failed). The same fields go on the log records as ``extra=``
(``altegio_operation``, ``altegio_attempt``...), so a JSON log formatter picks them up with no
callback at all. Nothing here carries a header or a body, so no secret can travel with it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ._logging import logger

__all__ = ["AttemptEvent", "EventHook", "emit"]


@dataclass(frozen=True, slots=True)
class AttemptEvent:
    """One attempt at one call.

    ``attempt`` counts from 1; ``limiter_wait`` is the seconds spent waiting for a place in the
    rate limiter before this attempt; ``elapsed`` the seconds from sending to the response
    headers (or the failure); ``status`` is None when no response came (``error`` then names the
    exception); ``retry_in`` is the pause before the next attempt, None when this was the last.
    """

    operation: str | None
    method: str
    path: str
    attempt: int
    limiter_wait: float
    elapsed: float
    status: int | None
    request_id: str | None
    error: str | None = None
    retry_in: float | None = None

    def log_extra(self) -> dict[str, Any]:
        """The fields as ``extra=`` for a log record, prefixed so they cannot clash."""
        return {
            "altegio_operation": self.operation,
            "altegio_method": self.method,
            "altegio_path": self.path,
            "altegio_attempt": self.attempt,
            "altegio_limiter_wait": self.limiter_wait,
            "altegio_elapsed": self.elapsed,
            "altegio_status": self.status,
            "altegio_request_id": self.request_id,
            "altegio_error": self.error,
            "altegio_retry_in": self.retry_in,
        }


EventHook = Callable[[AttemptEvent], object]


def emit(hook: EventHook | None, event: AttemptEvent) -> None:
    """Call the user's hook; its failure is logged, never turned into a failed API call."""
    if hook is None:
        return
    try:
        hook(event)
    except Exception:
        logger.exception("on_event hook failed for %s %s", event.method, event.path)
