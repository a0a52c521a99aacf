"""What a call returns when the caller asks for more than the data."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Generic, TypeVar

import httpx

__all__ = ["APIResponse", "Meta", "request_id_of"]

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


def _count(value: Any) -> int | None:
    """A count as an int: the vendor sends some as digit strings ("12")."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value)
    return None


_EMPTY: Mapping[str, Any] = MappingProxyType({})


@dataclass(frozen=True)
class Meta:
    """The envelope's ``meta``: counts for list replies, a message for some others.

    A field the reply left out (or ``meta: []``, the vendor's empty meta) reads ``None``;
    keys with no field here (``errors``, vendor additions) are kept in ``extra``.
    """

    count: int | None = None
    total_count: int | None = None
    message: str | None = None
    extra: Mapping[str, Any] = field(default_factory=lambda: _EMPTY)

    @classmethod
    def from_json(cls, meta: Any) -> Meta:
        """Build from whatever the envelope carried under ``meta`` (object, ``[]`` or absent)."""
        if not isinstance(meta, Mapping):
            return cls()
        count, total, message = (meta.get(k) for k in ("count", "total_count", "message"))
        extra = {
            key: value
            for key, value in meta.items()
            if key not in ("count", "total_count", "message")
            or (key == "message" and not isinstance(value, str))
            or (key != "message" and value is not None and _count(value) is None)
        }
        return cls(
            count=_count(count),
            total_count=_count(total),
            message=message if isinstance(message, str) else None,
            extra=MappingProxyType(extra) if extra else _EMPTY,
        )


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
    def meta(self) -> Meta:
        """The envelope's ``meta`` as a typed ``Meta`` (all ``None`` when the reply had none);
        the JSON as it arrived stays in ``envelope["meta"]``."""
        return Meta.from_json(
            self.envelope.get("meta") if isinstance(self.envelope, dict) else None
        )

    def __repr__(self) -> str:
        return (
            f"APIResponse(status_code={self.status_code}, request_id={self.request_id!r}, "
            f"retries={self.retries}, data={type(self.data).__name__})"
        )
