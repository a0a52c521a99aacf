"""The exceptions the SDK raises; nothing from httpx or from parsing escapes past these."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import httpx

__all__ = [
    "APIConnectionError",
    "APIStatusError",
    "APITimeoutError",
    "AltegioError",
    "AuthenticationError",
    "BadRequestError",
    "ClientClosedError",
    "ConfigurationError",
    "ConflictError",
    "InternalServerError",
    "InvalidRequestError",
    "NotFoundError",
    "PermissionDeniedError",
    "RateLimitError",
    "ResponseValidationError",
    "UnprocessableEntityError",
    "UserTokenRequiredError",
    "normalize_errors",
]


class AltegioError(Exception):
    """Base class of every error this SDK raises."""


class ConfigurationError(AltegioError, ValueError):
    """The client was built without something it needs (e.g. the partner token)."""


class InvalidRequestError(AltegioError, ValueError):
    """Arguments that cannot make a valid request; raised before anything is sent."""


class UserTokenRequiredError(AltegioError):
    """The operation needs a user token and none is set; nothing was sent.

    Call ``await api.login(...)`` or pass ``user_token=`` (or ALTEGIO_USER_TOKEN) first.
    """


class ClientClosedError(AltegioError):
    """The client was closed: new calls are refused and calls still running end with this.

    A call ended this way may or may not have reached the API (a POST is never re-sent).
    """


class APIConnectionError(AltegioError):
    """The API could not be reached, or the connection broke before a response arrived."""

    def __init__(self, message: str, *, request: httpx.Request | None = None) -> None:
        super().__init__(message)
        self.request = request


class APITimeoutError(APIConnectionError):
    """The request did not complete within the configured timeout."""


class APIStatusError(AltegioError):
    """The API answered with an error status, or with ``success: false``.

    ``errors`` maps each field the API complained about to its messages (``{}`` when it named
    none; messages tied to no field are under ``""``), whatever shape the vendor used; ``body``
    is the reply exactly as it arrived (parsed JSON, or text).
    """

    def __init__(
        self,
        message: str,
        *,
        response: httpx.Response,
        body: Any,
        errors: Any = None,
        request_id: str | None = None,
    ) -> None:
        self.status_code = response.status_code
        self.message = message
        self.errors: dict[str, list[str]] = normalize_errors(errors)
        self.body = body
        self.request_id = request_id
        self.response = response
        suffix = f" (request id {request_id})" if request_id else ""
        super().__init__(f"HTTP {response.status_code}: {message}{suffix}")


class BadRequestError(APIStatusError):
    """HTTP 400."""


class AuthenticationError(APIStatusError):
    """HTTP 401: the partner or user token is missing, wrong or revoked."""


class PermissionDeniedError(APIStatusError):
    """HTTP 403: the user has no access to this location or action."""


class NotFoundError(APIStatusError):
    """HTTP 404."""


class ConflictError(APIStatusError):
    """HTTP 409."""


class UnprocessableEntityError(APIStatusError):
    """HTTP 422: the API rejected the fields of the request."""


class RateLimitError(APIStatusError):
    """HTTP 429 after the retries allowed; ``retry_after`` is the server's hint in seconds."""

    def __init__(self, message: str, *, retry_after: float | None = None, **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        self.retry_after = retry_after


class InternalServerError(APIStatusError):
    """HTTP 5xx after the retries allowed."""


class ResponseValidationError(AltegioError):
    """A 2xx response whose body is not JSON or does not fit the documented model."""

    def __init__(
        self,
        message: str,
        *,
        response: httpx.Response,
        body: Any,
        request_id: str | None = None,
    ) -> None:
        self.status_code = response.status_code
        self.response = response
        self.body = body
        self.request_id = request_id
        suffix = f" (request id {request_id})" if request_id else ""
        super().__init__(f"{message}{suffix}")


_BY_STATUS: dict[int, type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    422: UnprocessableEntityError,
    429: RateLimitError,
}


def status_error_class(status: int) -> type[APIStatusError]:
    """The most specific error class for an HTTP status."""
    if status >= 500:
        return InternalServerError
    return _BY_STATUS.get(status, APIStatusError)


def normalize_errors(raw: Any) -> dict[str, list[str]]:
    """The vendor's field errors, in any of the shapes it sends, as ``{field: [messages]}``.

    Seen shapes: ``{field: [messages]}``, ``{field: message}``, ``[{field, message}, ...]``,
    ``[{"[field]": [messages]}, ...]`` and ``{code, message}`` (no field: key ``""``).
    Bracketed names (``[title]``) lose their brackets; anything unreadable is dropped.
    """
    found: dict[str, list[str]] = {}

    def add(name: Any, messages: Any) -> None:
        key = str(name).strip()
        if key.startswith("[") and key.endswith("]"):
            key = key[1:-1]
        items = messages if isinstance(messages, list | tuple) else [messages]
        texts = [str(m) for m in items if m is not None and not isinstance(m, dict | list)]
        if texts:
            found.setdefault(key, []).extend(texts)

    def read(value: Any) -> None:
        if isinstance(value, Mapping):
            if "message" in value and ("field" in value or "code" in value or len(value) == 1):
                add(value.get("field") or "", value["message"])
                return
            for name, messages in value.items():
                add(name, messages)
        elif isinstance(value, list | tuple):
            for item in value:
                if isinstance(item, Mapping):
                    read(item)
                elif isinstance(item, str):
                    add("", item)
        elif isinstance(value, str) and value:
            add("", value)

    read(raw)
    return found
