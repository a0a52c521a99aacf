"""``FakeAltegio``: the object a test creates."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from functools import cached_property
from typing import Any

import httpx

from .._client import Altegio
from .._clock import SYSTEM_CLOCK, Clock
from .._limiter import RateLimit
from ._app import FakeApp
from ._documents import DocumentsAPI
from ._faults import ConnectionReset, FaultPlan, FaultsAPI
from ._leniency import RecordedRequest
from ._limits import SlidingWindows
from ._seed import DemoSeed, SeedingAPI
from ._store import Store
from ._validation import SPEC_HOST, SPEC_PREFIX, SpecChecker, load_default_spec
from ._webhooks import WebhooksAPI

__all__ = ["FakeAltegio"]

_VENDOR_LIMIT = RateLimit(per_second=5, per_minute=200)
_CHECKERS: dict[int, SpecChecker] = {}


class FakeAltegio(SeedingAPI, DocumentsAPI, FaultsAPI, WebhooksAPI):
    """A stateful, in-memory Altegio API for offline tests.

    ``fake.transport`` plugs into the client in-process
    (``Altegio(fake.demo.partner_token, fake.demo.user_token, transport=fake.transport)``);
    ``fake.app`` is an ASGI app to serve with uvicorn (mounted at ``/api/v1`` or at ``/``).
    Every request is validated against the SDK's corrected spec (422 when it does not fit).

    Args:
        rate_limit: the server's sliding windows per client address, 429 with Retry-After
            beyond them; the vendor's 5/s and 200/min by default, None to switch off.
        validate_responses: check every reply against the spec and raise
            ``ResponseMismatch`` from the app when one does not fit (for tests of the fake).
        seed_demo: start with the demo location described by ``DemoSeed`` (``fake.demo``).
        clock: the API's "now" (timezone-aware), for transactions' last-change times.
        rate_clock: the fake's time line: a ``Clock`` (e.g. ``VirtualClock``, shared with the
            client so rate limits and back-off never sleep for real; its ``sleep`` also runs
            injected delays) or a bare function returning monotonic seconds.
        spec: another spec to serve (operations without a handler answer 501).
        strict_accept: refuse (406) requests whose Accept header does not name
            ``application/vnd.api.v2+json``. Off by default: the v1 pages mark the header as
            required but do not say what the API does without it, and it answers such requests.
        request_log_size: how many of the latest requests ``fake.requests`` keeps.

    ``fake.requests`` logs what arrived (``RecordedRequest``: operation, method, path, query,
    body, headers with the Authorization value masked, status), e.g.
    ``[r.operation for r in fake.requests]``. ``fail_next``/``fail_rate`` inject faults;
    ``documents``/``transactions`` query and ``add_document``/``add_transaction`` seed.
    Paths are routed with or without a trailing slash, and ids sent as whole-number floats
    (``1002.0``) count as the integer id, as the API does.
    """

    def __init__(
        self,
        *,
        rate_limit: RateLimit | None = _VENDOR_LIMIT,
        validate_responses: bool = False,
        seed_demo: bool = True,
        clock: Callable[[], datetime] | None = None,
        rate_clock: Clock | Callable[[], float] = SYSTEM_CLOCK,
        spec: Mapping[str, Any] | None = None,
        strict_accept: bool = False,
        request_log_size: int = 1000,
    ) -> None:
        self.store = Store(clock)
        self.rate_limit = rate_limit
        timeline = rate_clock if isinstance(rate_clock, Clock) else _FunctionClock(rate_clock)
        self.clock: Clock = timeline
        self._shared_clock = rate_clock if isinstance(rate_clock, Clock) else None
        limiter = SlidingWindows(rate_limit, timeline.now) if rate_limit is not None else None
        self.app = FakeApp(
            self.store,
            _checker(spec),
            limiter=limiter,
            validate_responses=validate_responses,
            strict_accept=strict_accept,
            request_log_size=request_log_size,
            clock=timeline,
        )
        self.faults: FaultPlan = self.app.faults
        self._demo = self._seed_demo() if seed_demo else None

    @property
    def requests(self) -> list[RecordedRequest]:
        """The latest requests the fake answered, oldest first."""
        return list(self.app.requests)

    @property
    def demo(self) -> DemoSeed:
        """Ids and credentials of the demo data (only with ``seed_demo=True``)."""
        if self._demo is None:
            raise AttributeError("this FakeAltegio was created with seed_demo=False")
        return self._demo

    @cached_property
    def transport(self) -> httpx.AsyncBaseTransport:
        """In-process transport for ``Altegio(transport=...)`` or any httpx.AsyncClient."""
        return _FakeTransport(httpx.ASGITransport(app=self.app))

    base_url = SPEC_HOST + SPEC_PREFIX

    def client(self, *, user_token: str | None = None, **options: Any) -> Altegio:
        """An ``Altegio`` wired to this fake with the demo tokens and no client-side limit.

        ``options`` go to ``Altegio`` (e.g. ``max_retries=0``). A ``Clock`` given to the fake
        as ``rate_clock`` (e.g. a ``VirtualClock``) is the client's clock too, unless
        ``clock=`` says otherwise.
        """
        options.setdefault("rate_limit", None)
        if self._shared_clock is not None:
            options.setdefault("clock", self._shared_clock)
        return Altegio(
            self.demo.partner_token,
            user_token if user_token is not None else self.demo.user_token,
            transport=self.transport,
            **options,
        )

    def __repr__(self) -> str:
        return f"FakeAltegio(locations={len(self.store.locations)}, rate_limit={self.rate_limit})"


class _FakeTransport(httpx.AsyncBaseTransport):
    """ASGITransport, with an injected reset raised as the error httpx raises for one."""

    def __init__(self, inner: httpx.ASGITransport) -> None:
        self._inner = inner

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        try:
            return await self._inner.handle_async_request(request)
        except ConnectionReset:
            raise httpx.ReadError("[Errno 104] Connection reset by peer", request=request) from None

    async def aclose(self) -> None:
        await self._inner.aclose()


class _FunctionClock:
    """A bare ``now`` function as a ``Clock`` (sleeping for real)."""

    def __init__(self, now: Callable[[], float]) -> None:
        self.now = now

    async def sleep(self, seconds: float) -> None:
        await SYSTEM_CLOCK.sleep(seconds)


def _checker(spec: Mapping[str, Any] | None) -> SpecChecker:
    """Building openapi-core's view of the spec takes a moment; share it between fakes."""
    if spec is not None:
        return SpecChecker(spec)
    default = load_default_spec()
    key = id(default)
    if key not in _CHECKERS:
        _CHECKERS[key] = SpecChecker(default)
    return _CHECKERS[key]
