"""`Altegio`: the object users create; owns the pool, tokens, limiter and policies."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

import httpx

from . import _logging
from ._clock import SYSTEM_CLOCK, Clock
from ._credentials import Credentials, Secret
from ._errors import (
    ClientClosedError,
    ConfigurationError,
    InvalidRequestError,
    UserTokenRequiredError,
)
from ._events import EventHook
from ._facade import ChainTags, LocationTags, RootTags
from ._inflight import CLOSED_MESSAGE, InFlight
from ._limiter import RateLimit, RateLimiter
from ._limiting import Limiter
from ._login import LoginResult, TwoFactorRequired, read_login_reply
from ._pagination import AsyncPaginator
from ._retry import RetryPolicy, send_with_retries
from ._version import __version__

if TYPE_CHECKING:
    from collections.abc import Awaitable, Callable
    from types import TracebackType

    from ._operation import Operation

__all__ = ["DEFAULT_BASE_URL", "DEFAULT_TIMEOUT", "Altegio", "ChainScope", "LocationScope"]

DEFAULT_BASE_URL = "https://api.alteg.io/api/v1"
DEFAULT_ACCEPT = "application/vnd.api.v2+json"
DEFAULT_TIMEOUT = httpx.Timeout(30.0, connect=10.0)
DEFAULT_RATE_LIMIT = RateLimit()

T = TypeVar("T")


@dataclass
class _Shared:
    """What every ``with_options`` copy shares: one pool, one set of tokens, one limiter."""

    http: httpx.AsyncClient
    url_prefix: str
    credentials: Credentials
    limiter: Limiter | None
    clock: Clock = SYSTEM_CLOCK
    on_event: EventHook | None = None
    owns_http: bool = True
    # Accept and User-Agent, sent per request when the pool is the user's (it lacks them)
    headers: dict[str, str] | None = None
    closed: bool = False
    inflight: InFlight = field(default_factory=InFlight)  # calls to end when closed


class LocationScope(LocationTags):
    """Every operation whose path has ``{location_id}``, grouped by tag, with the id bound.

    (The model of a location is ``altegio_client.models.Location``; this is where calls go.)
    """

    @property
    def location_id(self) -> int:
        assert self._location_id is not None
        return self._location_id

    def __repr__(self) -> str:
        return f"LocationScope({self._location_id})"


class ChainScope(ChainTags):
    """Every operation whose path has ``{chain_id}`` (and no location), with the chain bound."""

    @property
    def chain_id(self) -> int:
        assert self._location_id is not None
        return self._location_id

    def __repr__(self) -> str:
        return f"ChainScope({self._location_id})"


class Altegio(RootTags):
    """Async client for the Altegio B2B API v1.

    Tokens and base URL default to ALTEGIO_PARTNER_TOKEN, ALTEGIO_USER_TOKEN and ALTEGIO_BASE_URL.
    ``transport`` is the innermost httpx transport (``httpx.MockTransport``, the fake's transport,
    or your own); retries and the rate limiter always wrap it.

    ``rate_limiter`` is a limiter shared with other clients (``RateLimiter``, ``RedisRateLimiter``
    or your own ``Limiter``); without it each client gets its own ``RateLimiter(rate_limit)``.
    ``clock`` is the time seam for the limiter and the retries' back-off. ``on_event`` is called
    with an ``AttemptEvent`` after every attempt.

    ``http_client`` is your own ``httpx.AsyncClient`` (tracing instrumentation, proxies, TLS). It
    stays yours: ``aclose()`` and ``async with`` do not close it, and its ``base_url`` and default
    headers are not used (the SDK sends absolute URLs from ``base_url`` and its own headers).
    """

    def __init__(
        self,
        partner_token: str | None = None,
        user_token: str | None = None,
        *,
        base_url: str | None = None,
        timeout: float | httpx.Timeout = DEFAULT_TIMEOUT,
        max_retries: int = 2,
        rate_limit: RateLimit | None = DEFAULT_RATE_LIMIT,
        transport: httpx.AsyncBaseTransport | None = None,
        accept: str = DEFAULT_ACCEPT,
        retry_policy: RetryPolicy | None = None,
        max_connections: int = 100,
        rate_limiter: Limiter | None = None,
        clock: Clock | None = None,
        on_event: EventHook | None = None,
        http_client: httpx.AsyncClient | None = None,
    ) -> None:
        _logging.setup_from_env()
        partner = partner_token or os.environ.get("ALTEGIO_PARTNER_TOKEN")
        if not partner:
            raise ConfigurationError(
                "no partner token: pass Altegio(partner_token=...) or set ALTEGIO_PARTNER_TOKEN"
            )
        user = user_token or os.environ.get("ALTEGIO_USER_TOKEN") or None
        if max_retries < 0:
            raise ConfigurationError("max_retries must be >= 0")
        if http_client is not None and transport is not None:
            raise ConfigurationError("pass either transport= or http_client=, not both")
        url = base_url or os.environ.get("ALTEGIO_BASE_URL") or DEFAULT_BASE_URL
        default_headers = {"Accept": accept, "User-Agent": f"altegio-client/{__version__}"}
        if http_client is None:
            http = httpx.AsyncClient(
                base_url=url,
                transport=transport,
                headers=default_headers,
                limits=httpx.Limits(
                    max_connections=max_connections, max_keepalive_connections=max_connections
                ),
                timeout=timeout,
            )
        else:
            http = http_client
        limiter: Limiter | None = rate_limiter
        if limiter is None and rate_limit is not None:
            limiter = RateLimiter(rate_limit) if clock is None else RateLimiter(rate_limit, clock)
        self._shared = _Shared(
            http=http,
            # Absolute URLs are parsed once by httpx; relative ones are parsed and merged.
            url_prefix=str(httpx.URL(url)).rstrip("/"),
            credentials=Credentials(Secret(partner), Secret(user) if user else None),
            limiter=limiter,
            clock=clock or SYSTEM_CLOCK,
            on_event=on_event,
            owns_http=http_client is None,
            headers=None if http_client is None else default_headers,
        )
        self._timeout: float | httpx.Timeout = timeout
        self._max_retries = max_retries
        self._retry_policy = retry_policy or RetryPolicy()
        super().__init__(self, None)

    # -- configuration ---------------------------------------------------------------------

    def with_options(
        self,
        *,
        timeout: float | httpx.Timeout | None = None,
        max_retries: int | None = None,
        retry_policy: RetryPolicy | None = None,
    ) -> Altegio:
        """A copy with other per-call settings that shares the pool, tokens and limiter."""
        clone = object.__new__(type(self))
        clone._shared = self._shared
        clone._timeout = self._timeout if timeout is None else timeout
        clone._max_retries = self._max_retries if max_retries is None else max_retries
        clone._retry_policy = retry_policy or self._retry_policy
        RootTags.__init__(clone, clone, None)
        return clone

    @property
    def base_url(self) -> str:
        return self._shared.url_prefix + "/"

    @property
    def max_retries(self) -> int:
        return self._max_retries

    @property
    def timeout(self) -> float | httpx.Timeout:
        return self._timeout

    @property
    def rate_limit(self) -> RateLimit | None:
        limit = getattr(self._shared.limiter, "limit", None)
        return limit if isinstance(limit, RateLimit) else None

    @property
    def rate_limiter(self) -> Limiter | None:
        """The limiter this client (and its copies) takes places from."""
        return self._shared.limiter

    @property
    def user_token(self) -> Secret | None:
        """The user token in use (from the constructor, the environment or ``login``)."""
        return self._shared.credentials.user_token

    def set_user_token(self, token: str | None) -> None:
        """Switch user (or drop the user token with None); all copies of this client see it."""
        self._shared.credentials.user_token = Secret(token) if token else None

    def __repr__(self) -> str:
        user = "set" if self._shared.credentials.user_token else "none"
        return (
            f"Altegio(base_url={self.base_url!r}, partner_token='***', user_token={user}, "
            f"max_retries={self._max_retries})"
        )

    # -- scopes and helpers ----------------------------------------------------------------

    def location(self, location_id: int) -> LocationScope:
        """All operations of one location (company), e.g. ``api.location(4564).inventory``."""
        return LocationScope(self, _id("location_id", location_id))

    def chain(self, chain_id: int) -> ChainScope:
        """All operations of one chain (group of locations), e.g. ``api.chain(7).chains``."""
        return ChainScope(self, _id("chain_id", chain_id))

    def paginate(
        self,
        method: Callable[..., Awaitable[list[T]]],
        /,
        *,
        page_size: int | None = None,
        max_pages: int | None = None,
        **params: Any,
    ) -> AsyncPaginator[T]:
        """Iterate the items of every page of a page/count operation.

        ``async for tx in api.paginate(shop.inventory.search_for_product_transactions, ...)``;
        ``.pages()`` yields whole pages with their meta instead.
        """
        return AsyncPaginator(method, params, page_size=page_size, max_pages=max_pages)

    async def login(self, login: str, password: str) -> LoginResult:
        """Exchange a user's login and password for a user token (POST /auth, partner token only).

        Returns ``LoggedIn`` (the token is now used by every call of this client and its copies)
        or ``TwoFactorRequired`` when the API asks for a confirmation step first.
        """
        if not login or not password:
            raise InvalidRequestError("login() needs a non-empty login and password")
        reply = await self.authentication_b2b.with_raw_response.authorize_user(
            body={"login": login, "password": password}
        )
        result, token = read_login_reply(reply, login=login, password=password)
        if token is not None:
            self._shared.credentials.user_token = token
        return result

    async def confirm_login(self, pending: TwoFactorRequired, code: str) -> LoginResult:
        """Second step of a two-factor sign-in: send the code the user received (POST /auth).

        ``pending`` is what ``login()`` returned. On success the user token is kept, as after
        ``login()``, and ``LoggedIn`` is returned; a wrong code is the API's error (e.g.
        ``AuthenticationError``); if the API asks for yet another step, a new
        ``TwoFactorRequired``. The code is never logged or shown in a repr.
        """
        if not isinstance(pending, TwoFactorRequired):
            raise InvalidRequestError(
                "confirm_login() takes the TwoFactorRequired login() returned"
            )
        if not isinstance(code, str) or not code.strip():
            raise InvalidRequestError("confirm_login() needs the code the user received")
        if pending.login is None or pending.password is None or not pending.uuid:
            raise InvalidRequestError(
                "confirm_login(): this TwoFactorRequired has no uuid or credentials to confirm"
            )
        login, password = pending.login.reveal(), pending.password.reveal()
        reply = await self.authentication_b2b.with_raw_response.authorize_user(
            body={
                "login": login,
                "password": password,
                "2fa": {"uuid": pending.uuid, "secret": code.strip()},
            }
        )
        result, token = read_login_reply(reply, login=login, password=password)
        if token is not None:
            self._shared.credentials.user_token = token
        return result

    # -- lifecycle -------------------------------------------------------------------------

    async def aclose(self) -> None:
        """Close the connection pool (shared with every ``with_options`` copy).

        Calls still running, including those waiting to retry, end at once with
        ``ClientClosedError``. A pool passed as ``http_client=`` belongs to the caller and is
        left open.
        """
        self._shared.closed = True
        self._shared.inflight.close()
        if self._shared.owns_http:
            await self._shared.http.aclose()

    async def __aenter__(self) -> Altegio:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    # -- the one path every call takes -----------------------------------------------------

    async def _send(
        self, operation: Operation, location_id: int | None, args: dict[str, Any], *, raw: bool
    ) -> Any:
        """Build, send (with retries and the limiter) and decode one call: data or APIResponse."""
        shared = self._shared
        if shared.closed:
            raise ClientClosedError(CLOSED_MESSAGE)
        kwargs = operation.build(location_id, args)
        credentials = shared.credentials
        if operation.user_token == "required" and credentials.user_token is None:
            raise UserTokenRequiredError(
                f"{operation.name}() needs a user token: call `await api.login(...)`, "
                "pass user_token= or set ALTEGIO_USER_TOKEN"
            )
        headers = dict(kwargs.get("headers") or {})
        if shared.headers is not None:
            headers.update(shared.headers)
        headers["Authorization"] = credentials.header(with_user=operation.user_token != "never")
        request = shared.http.build_request(
            kwargs["method"],
            shared.url_prefix + kwargs["url"],
            params=kwargs.get("params") or None,  # an empty dict makes httpx rebuild the URL
            json=kwargs.get("json"),
            files=kwargs.get("files"),  # multipart forms (upload_image, delete_image)
            headers=headers,
            timeout=self._timeout,
        )
        if kwargs.get("files") is not None:
            request.read()  # a form is streamed; read it once so a retry can send it again
        async with shared.inflight.call(shared.http, request):
            response, retries = await send_with_retries(
                shared.http,
                request,
                max_retries=self._max_retries,
                policy=self._retry_policy,
                limiter=shared.limiter,
                clock=shared.clock,
                operation=operation.name,
                on_event=shared.on_event,
            )
        return operation.decode(response, retries, raw=raw)


def _id(name: str, value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidRequestError(f"{name} must be an int, got {type(value).__name__}")
    return value
