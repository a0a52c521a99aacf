"""Async, typed client for the Altegio (YCLIENTS) Business Management B2B API v1.

async with Altegio() as api:
    await api.login("+13155550175", "secret")
    storages = await api.location(4564).inventory.get_location_inventories()
"""

from typing import TYPE_CHECKING, Any

from ._client import DEFAULT_BASE_URL, DEFAULT_TIMEOUT, Altegio, ChainScope, LocationScope
from ._clock import SYSTEM_CLOCK, Clock, SystemClock
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
from ._events import AttemptEvent
from ._limiter import RateLimit, RateLimiter
from ._limiting import Limiter, RateLimiterUnavailableError
from ._login import LoggedIn, LoginResult, TwoFactorRequired
from ._pagination import AsyncPaginator, Page
from ._response import APIResponse, Meta
from ._retry import RetryPolicy
from ._version import __version__
from .enums import DocumentType, OperationUnitType

if TYPE_CHECKING:
    from ._client import LocationScope as Location  # deprecated alias, see __getattr__
    from ._generated.types import UNSET, Unset
    from ._redis_limiter import RedisRateLimiter

__all__ = [
    "DEFAULT_BASE_URL",
    "DEFAULT_TIMEOUT",
    "SYSTEM_CLOCK",
    "UNSET",
    "APIConnectionError",
    "APIResponse",
    "APIStatusError",
    "APITimeoutError",
    "Altegio",
    "AltegioError",
    "AsyncPaginator",
    "AttemptEvent",
    "AuthenticationError",
    "BadRequestError",
    "ChainScope",
    "ClientClosedError",
    "Clock",
    "ConfigurationError",
    "ConflictError",
    "DocumentType",
    "InternalServerError",
    "InvalidRequestError",
    "Limiter",
    "Location",
    "LocationScope",
    "LoggedIn",
    "LoginResult",
    "Meta",
    "NotFoundError",
    "OperationUnitType",
    "Page",
    "PermissionDeniedError",
    "RateLimit",
    "RateLimitError",
    "RateLimiter",
    "RateLimiterUnavailableError",
    "RedisRateLimiter",
    "ResponseValidationError",
    "RetryPolicy",
    "Secret",
    "SystemClock",
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
    if name == "Location":  # the scope's old name; the model is altegio_client.models.Location
        import warnings

        warnings.warn(
            "altegio_client.Location is now LocationScope; the name goes in the next release",
            DeprecationWarning,
            stacklevel=2,
        )
        return LocationScope
    if name == "RedisRateLimiter":  # needs the `redis` extra; loads only when asked for
        from ._redis_limiter import RedisRateLimiter

        return RedisRateLimiter
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
