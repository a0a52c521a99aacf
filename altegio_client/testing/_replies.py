"""What a handler returns, and the vendor's error envelope."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = ["ApiError", "Reply", "error_body", "ok"]


@dataclass
class Reply:
    """Status, JSON body (None for an empty body) and extra headers."""

    status: int
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)


class ApiError(Exception):
    """Raised anywhere while handling a request; becomes the vendor's error envelope."""

    def __init__(
        self,
        status: int,
        message: str,
        errors: Any = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.errors = errors
        self.headers = headers or {}


def ok(data: Any, meta: Any = None, status: int = 200) -> Reply:
    """The success envelope; ``meta`` defaults to the ``[]`` the vendor sends."""
    return Reply(status, {"success": True, "data": data, "meta": [] if meta is None else meta})


def error_body(message: str, errors: Any = None) -> dict[str, Any]:
    meta: dict[str, Any] = {"message": message}
    if errors is not None:
        meta["errors"] = errors
    return {"success": False, "data": None, "meta": meta}
