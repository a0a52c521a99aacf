"""Async, typed client for the Altegio (YCLIENTS) Business Management B2B API v1.

async with Altegio() as api:
    await api.login("+13155550175", "secret")
    storages = await api.location(4564).inventory.get_location_inventories()
"""

from typing import TYPE_CHECKING, Any

from ._client import DEFAULT_BASE_URL, DEFAULT_TIMEOUT, Altegio, Location
from ._credentials import Secret
from ._errors import (
    AltegioError,
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    ClientClosedError,
    ConfigurationError,
    ConflictError,
    InternalServerError,
    InvalidRequestError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    ResponseValidationError,
    UnprocessableEntityError,
    UserTokenRequiredError,
)
from ._limiter import RateLimit
from ._login import LoggedIn, LoginResult, TwoFactorRequired
from ._pagination import AsyncPaginator, Page
from ._response import APIResponse
from ._retry import RetryPolicy
from ._version import __version__
from .enums import DocumentType, OperationUnitType

if TYPE_CHECKING:
    from ._generated.types import UNSET, Unset

__all__ = [
    "DEFAULT_BASE_URL",
    "DEFAULT_TIMEOUT",
    "UNSET",
    "APIConnectionError",
    "APIResponse",
    "APIStatusError",
    "APITimeoutError",
    "Altegio",
    "AltegioError",
    "AsyncPaginator",
    "AuthenticationError",
    "BadRequestError",
    "ClientClosedError",
    "ConfigurationError",
    "ConflictError",
    "DocumentType",
    "InternalServerError",
    "InvalidRequestError",
    "Location",
    "LoggedIn",
    "LoginResult",
    "NotFoundError",
    "OperationUnitType",
    "Page",
    "PermissionDeniedError",
    "RateLimit",
    "RateLimitError",
    "ResponseValidationError",
    "RetryPolicy",
    "Secret",
    "TwoFactorRequired",
    "UnprocessableEntityError",
    "Unset",
    "UserTokenRequiredError",
    "__version__",
]


def __getattr__(name: str) -> Any:
    # UNSET/Unset live in the generated package, which loads on first use, not at import.
    if name in ("UNSET", "Unset"):
        from ._generated import types

        return getattr(types, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
