"""What the real API lets through that a literal reading of the spec would refuse.

Clients generated from the vendor's spec send ids typed ``number`` as ``1002.0``; the API treats
them as the integer id, so the fake does too, in bodies, path segments and id query parameters.
The ``Accept`` header the v1 pages mark as required is not checked by default (the API's
behaviour without it is undocumented); ``FakeAltegio(strict_accept=True)`` refuses requests that
do not ask for the vendor media type, with 406.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "VENDOR_MEDIA_TYPE",
    "RecordedRequest",
    "accepts_vendor_media_type",
    "whole_number_ids",
    "whole_numbers",
]

VENDOR_MEDIA_TYPE = "application/vnd.api.v2+json"
_WHOLE = re.compile(r"-?\d+\.0+")


def whole_numbers(value: Any) -> Any:
    """A decoded JSON body with every whole-number float (``1002.0``) made an int."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        return {k: whole_numbers(v) for k, v in value.items()}
    if isinstance(value, list):
        return [whole_numbers(v) for v in value]
    return value


def _id_text(value: str) -> str:
    return value.split(".", 1)[0] if _WHOLE.fullmatch(value) else value


def _is_id(name: str) -> bool:
    return name in ("id", "ids[]", "ids") or name.endswith("_id") or name.endswith("_id[]")


def whole_number_ids(
    path_params: Mapping[str, str], query: list[tuple[str, str]]
) -> tuple[dict[str, str], list[tuple[str, str]]]:
    """Path parameters and id-like query parameters with ``"1002.0"`` read as ``"1002"``."""
    params = {name: _id_text(value) for name, value in path_params.items()}
    pairs = [(name, _id_text(value) if _is_id(name) else value) for name, value in query]
    return params, pairs


def accepts_vendor_media_type(header: str | None) -> bool:
    """Whether an Accept header names the vendor's media type (parameters ignored)."""
    if not header:
        return False
    kinds = (part.split(";", 1)[0].strip().lower() for part in header.split(","))
    return VENDOR_MEDIA_TYPE in kinds


@dataclass(frozen=True)
class RecordedRequest:
    """One request the fake answered, for tests that check what their client sent.

    ``operation`` is the operationId the path and method routed to (None when none did);
    ``path`` is without the ``/api/v1`` prefix; ``query`` the decoded pairs in order; ``body``
    the raw bytes (``json()`` decodes them); ``status`` what the fake answered, None for an
    injected ``"reset"``; ``headers`` are lower-cased and carry ``authorization`` masked,
    never the tokens.
    """

    method: str
    path: str
    query: tuple[tuple[str, str], ...]
    status: int | None
    headers: Mapping[str, str] = field(repr=False)
    operation: str | None = None
    body: bytes = field(default=b"", repr=False)

    @property
    def accept(self) -> str | None:
        """The Accept header as sent, or None when the request had none."""
        return self.headers.get("accept")

    def json(self) -> Any:
        """The body decoded as JSON (None when there was no body)."""
        return json.loads(self.body) if self.body else None
