"""What a call returns when the caller asks for more than the data."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import httpx

__all__ = ["APIResponse", "request_id_of"]

T = TypeVar("T")

_REQUEST_ID_HEADERS = frozenset(
    {b"x-request-id", b"x-requestid", b"request-id", b"x-correlation-id"}
)


def request_id_of(response: httpx.Response) -> str | None:
    """The server's request id, for support tickets and log correlation."""
    for name, value in response.headers.raw:  # one pass; Headers.get scans once per name
        if value and name.lower() in _REQUEST_ID_HEADERS:
            return value.decode("latin-1")
    return None


@dataclass(frozen=True, repr=False)
class APIResponse(Generic[T]):
    """The parsed ``data`` plus everything else the API said: status, headers, meta, envelope."""

    data: T
    status_code: int
    headers: httpx.Headers
    request_id: str | None
    envelope: Any
    retries: int
    http_response: httpx.Response

    @property
    def meta(self) -> Any:
        """The envelope's ``meta``: ``[]`` or an object with count/total_count/message."""
        if isinstance(self.envelope, dict):
            return self.envelope.get("meta")
        return None

    def __repr__(self) -> str:
        return (
            f"APIResponse(status_code={self.status_code}, request_id={self.request_id!r}, "
            f"retries={self.retries}, data={type(self.data).__name__})"
        )
