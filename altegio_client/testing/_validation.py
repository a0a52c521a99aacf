"""Checking requests and replies against the corrected spec with openapi-core.

The fake never keeps its own copy of the schemas: it loads the spec the SDK ships
(``altegio_client/_generated/openapi.json``) and lets openapi-core judge every request and,
when asked, every reply. Replies with a status the operation does not document (429, 501, a
422 on most operations) are checked against the vendor's generic ``ErrorResponse`` schema.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from importlib import resources
from typing import Any

from openapi_core import Config, OpenAPI
from openapi_core.datatypes import RequestParameters
from openapi_core.templating.responses.exceptions import ResponseNotFound
from openapi_schema_validator import OAS31Validator
from werkzeug.datastructures import Headers, ImmutableMultiDict

__all__ = [
    "SPEC_HOST",
    "SPEC_PREFIX",
    "ResponseMismatch",
    "SpecChecker",
    "SpecRequest",
    "SpecResponse",
    "load_default_spec",
]

# openapi-core matches requests against the spec's server URL, so every request is presented
# to it as if it had been sent there, whatever base URL the client really used.
SPEC_HOST = "https://api.alteg.io"
SPEC_PREFIX = "/api/v1"


class ResponseMismatch(AssertionError):
    """A reply of the fake does not fit the spec (a bug in the fake, raised in tests)."""


@lru_cache(maxsize=1)
def load_default_spec() -> dict[str, Any]:
    """The corrected spec shipped with the SDK, parsed once per process."""
    text = resources.files("altegio_client._generated").joinpath("openapi.json").read_text("utf-8")
    spec: dict[str, Any] = json.loads(text)
    return spec


@dataclass
class SpecRequest:
    """One request in the shape openapi-core's ``Request`` protocol expects."""

    method: str
    path: str
    query: list[tuple[str, str]]
    headers: Mapping[str, str] = field(repr=False)  # carries the tokens
    body: bytes | None
    content_type: str
    path_pattern: str | None = None  # the matched template, so openapi-core need not guess
    path_params: dict[str, str] = field(default_factory=dict)
    host_url: str = SPEC_HOST
    parameters: RequestParameters = field(init=False)

    def __post_init__(self) -> None:
        self.method = self.method.lower()
        self.parameters = RequestParameters(
            query=ImmutableMultiDict(self.query),
            header=Headers(dict(self.headers)),
            path=dict(self.path_params),
        )


@dataclass
class SpecResponse:
    """One reply in the shape openapi-core's ``Response`` protocol expects."""

    status_code: int
    data: bytes | None
    content_type: str
    headers: Headers = field(default_factory=Headers)


@dataclass(frozen=True)
class RequestCheck:
    """What validation found: casted parameters, or field errors keyed by field name."""

    query: dict[str, Any]
    path: dict[str, Any]
    errors: dict[str, list[str]]


def _iso_datetime(value: Any) -> bool:
    """The API reads any ISO 8601 date-time, with or without an offset ("2026-04-24 20:00:00")."""
    if not isinstance(value, str):
        return True
    try:
        datetime.fromisoformat(value)
    except ValueError:
        return False
    return True


_CONFIG = Config(
    extra_format_validators={"date-time": _iso_datetime},
    extra_format_unmarshallers={"date-time": str, "date": str},
)


class SpecChecker:
    """openapi-core bound to one spec; thread-safe to share (it keeps no per-request state)."""

    def __init__(self, spec: Mapping[str, Any]) -> None:
        self.spec = spec
        self._openapi = OpenAPI.from_dict(dict(spec), config=_CONFIG)
        components = dict(spec.get("components", {}))
        self._error_schema = OAS31Validator(
            {"components": components, "$ref": "#/components/schemas/ErrorResponse"}
        )

    def check_request(self, request: SpecRequest) -> RequestCheck:
        result = self._openapi.unmarshal_request(request)
        params = result.parameters
        return RequestCheck(
            query=dict(params.query),
            path=dict(params.path),
            errors=_field_errors(result.errors),
        )

    def check_response(self, request: SpecRequest, response: SpecResponse) -> None:
        """Raise ResponseMismatch naming what does not fit."""
        # Validation only: unmarshalling the reply too would cost ten times as much.
        problems = list(self._openapi.iter_response_errors(request, response))
        if problems and all(isinstance(p, ResponseNotFound) for p in problems):
            self._check_undocumented(request, response)
            return
        if problems:
            details = "; ".join(_describe(p) for p in problems)
            raise ResponseMismatch(
                f"{request.method.upper()} {request.path} -> {response.status_code}: {details}"
            )

    def _check_undocumented(self, request: SpecRequest, response: SpecResponse) -> None:
        where = f"{request.method.upper()} {request.path} -> {response.status_code}"
        if response.status_code < 400:
            raise ResponseMismatch(f"{where}: status not documented for this operation")
        self.check_error_body(where, response.data)

    def check_error_body(self, where: str, data: bytes | None) -> None:
        """An error reply outside any documented response: the vendor's ErrorResponse."""
        try:
            body = json.loads(data or b"")
        except ValueError:
            raise ResponseMismatch(f"{where}: error reply is not JSON") from None
        messages = [e.message for e in self._error_schema.iter_errors(body)]
        if messages:
            raise ResponseMismatch(f"{where}: does not fit ErrorResponse: {'; '.join(messages)}")


def _describe(error: BaseException) -> str:
    parts = [str(error)]
    cause = error.__cause__
    for schema_error in getattr(cause, "schema_errors", None) or ():
        path = "/".join(str(p) for p in getattr(schema_error, "absolute_path", ()))
        parts.append(f"{path or '<root>'}: {getattr(schema_error, 'message', schema_error)}")
    return " | ".join(parts)


def _field_errors(errors: Iterable[BaseException]) -> dict[str, list[str]]:
    """openapi-core's errors -> ``{"field": ["message", ...]}`` as the vendor reports them."""
    found: dict[str, list[str]] = {}
    for error in errors:
        nested = list(getattr(error, "errors", None) or ())  # ParametersError groups several
        for item in nested or [error]:
            _collect(item, found)
    return found


def _collect(error: BaseException, found: dict[str, list[str]]) -> None:
    name = getattr(error, "name", None)
    schema_errors = list(getattr(error.__cause__, "schema_errors", None) or ())
    if not schema_errors:
        key = str(name) if name else "request"
        found.setdefault(key, []).append(str(error))
        return
    for schema_error in schema_errors:
        path = [str(p) for p in getattr(schema_error, "absolute_path", ())]
        if name:
            path.insert(0, str(name))
        message = str(getattr(schema_error, "message", schema_error))
        if getattr(schema_error, "validator", None) == "required":
            missing = message.split("'")[1] if message.count("'") >= 2 else ""
            path.append(missing)
            message = "This field is missing."
        found.setdefault(".".join(p for p in path if p) or "body", []).append(message)
