"""The handler registry: one function per operationId, each given a checked ``Call``."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ._model import UserRecord
from ._replies import ApiError, Reply
from ._store import Store

__all__ = ["HANDLERS", "Call", "Handler", "handles", "page_of"]


@dataclass(frozen=True)
class Call:
    """A request that passed auth and spec validation (parameters already cast)."""

    store: Store
    operation_id: str
    path: dict[str, Any]
    query: dict[str, Any]
    body: Any
    user: UserRecord | None

    @property
    def location_id(self) -> int:
        value = self.path.get("location_id")
        if not isinstance(value, int):
            raise ApiError(404, "Location not found")
        return value

    @property
    def user_id(self) -> int:
        return self.user.id if self.user else 0


Handler = Callable[[Call], Reply]
HANDLERS: dict[str, Handler] = {}


def handles(operation_id: str) -> Callable[[Handler], Handler]:
    def register(handler: Handler) -> Handler:
        HANDLERS[operation_id] = handler
        return handler

    return register


def page_of(items: list[Any], query: dict[str, Any], default_count: int) -> list[Any]:
    """``page`` from 1 and ``count`` per page, as the vendor pages its lists."""
    page = query.get("page") or 1
    count = query.get("count") or default_count
    if page < 1 or count < 1:
        raise ApiError(422, "page and count must be positive", {"page": ["must be >= 1"]})
    start = (page - 1) * count
    return items[start : start + count]
