"""The ASGI app: rate limit, routing, auth, spec validation, handler, error envelope.

Checks run in the order the vendor applies them as far as its replies show: 429 before
anything else, then 501 for what the fake does not implement, 401, 422, 404 for an unknown
location and 403 for a location the user may not use; then the handler.
"""

from __future__ import annotations

import json
import uuid
from collections import deque
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl

from .._clock import SYSTEM_CLOCK, Clock
from . import _ops_hooks, _ops_inventory, _ops_locations, _ops_products
from ._faults import ConnectionReset, Fault, FaultPlan
from ._leniency import (
    VENDOR_MEDIA_TYPE,
    RecordedRequest,
    accepts_vendor_media_type,
    whole_number_ids,
    whole_numbers,
)
from ._limits import SlidingWindows
from ._model import UserRecord
from ._ops import HANDLERS, Call
from ._replies import ApiError, Reply, error_body
from ._routes import Route, RouteTable
from ._store import Store
from ._validation import SPEC_PREFIX, SpecChecker, SpecRequest, SpecResponse

__all__ = ["FakeApp"]

_ = (_ops_hooks, _ops_inventory, _ops_locations, _ops_products)  # register their handlers

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]


@dataclass(frozen=True)
class _Incoming:
    method: str
    path: str  # without the /api/v1 prefix
    query: list[tuple[str, str]]
    headers: dict[str, str]
    body: bytes
    client: str


class FakeApp:
    """An ASGI 3 application over one ``Store``."""

    def __init__(
        self,
        store: Store,
        checker: SpecChecker,
        *,
        limiter: SlidingWindows | None,
        validate_responses: bool,
        strict_accept: bool = False,
        request_log_size: int = 1000,
        clock: Clock = SYSTEM_CLOCK,
    ) -> None:
        self.store = store
        self.clock = clock  # injected delays sleep on it
        self.faults = FaultPlan()
        self.checker = checker
        self.routes = RouteTable(checker.spec)
        self.limiter = limiter
        self.validate_responses = validate_responses
        self.strict_accept = strict_accept
        self.requests: deque[RecordedRequest] = deque(maxlen=request_log_size)
        #: Told of every successful request (operationId, raw path params, reply): webhooks.
        self.observer: Callable[[str, dict[str, str], Reply], None] | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await _lifespan(receive, send)
            return
        if scope["type"] != "http":
            return
        chunks = []
        while True:
            message = await receive()
            chunks.append(message.get("body", b""))
            if not message.get("more_body"):
                break
        path = scope["path"]
        if path == SPEC_PREFIX or path.startswith(SPEC_PREFIX + "/"):
            path = path[len(SPEC_PREFIX) :]
        client = scope.get("client") or ("unknown", 0)
        incoming = _Incoming(
            method=scope["method"].upper(),
            path=path or "/",
            query=parse_qsl(scope.get("query_string", b"").decode("latin-1"), True),
            headers={k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]},
            body=b"".join(chunks),
            client=str(client[0]),
        )
        found = self.routes.find(incoming.method, incoming.path)
        fault = self.faults.take(found[0].operation_id if found else None)
        if fault is not None:
            if fault.delay > 0:
                await self.clock.sleep(fault.delay)
            if fault.status is not None:
                reply = self._fault(incoming, found[0] if found else None, fault)
                await _send(send, reply)
                return
        reply = self.handle(incoming)
        await _send(send, reply)

    def _fault(self, incoming: _Incoming, route: Route | None, fault: Fault) -> Reply:
        """An injected failure: logged, never validated, counted or applied."""
        operation = route.operation_id if route else None
        if fault.reset:
            self._record(incoming, operation, None)
            raise ConnectionReset(f"{incoming.method} {incoming.path}")
        assert isinstance(fault.status, int)
        error = ApiError(fault.status, "Injected fault (FakeAltegio.fail_next / fail_rate)")
        reply = Reply(error.status, _error_envelope(route, error), error.headers)
        reply.headers.setdefault("x-request-id", uuid.uuid4().hex)
        self._record(incoming, operation, reply.status)
        return reply

    def _record(self, incoming: _Incoming, operation: str | None, status: int | None) -> None:
        headers = dict(incoming.headers)
        if "authorization" in headers:
            headers["authorization"] = "***"
        self.requests.append(
            RecordedRequest(
                operation=operation,
                method=incoming.method,
                path=incoming.path,
                query=tuple(incoming.query),
                body=incoming.body,
                status=status,
                headers=headers,
            )
        )

    def handle(self, incoming: _Incoming) -> Reply:
        """Everything but the network: synchronous, so each request is atomic."""
        found = self.routes.find(incoming.method, incoming.path)
        route, raw_params = found if found else (None, {})
        request = None
        if route is not None:
            raw_params, query = whole_number_ids(raw_params, incoming.query)
            request = SpecRequest(
                method=incoming.method,
                path=SPEC_PREFIX + self.routes.canonical(route, incoming.path),
                query=query,
                headers=incoming.headers,
                body=incoming.body or None,
                content_type=incoming.headers.get("content-type", ""),
                path_pattern=SPEC_PREFIX + route.template,
                path_params=raw_params,
            )
        try:
            with self.store.lock:
                reply = self._dispatch(incoming, route, request)
        except ApiError as error:
            reply = Reply(error.status, _error_envelope(route, error), error.headers)
        reply.headers.setdefault("x-request-id", uuid.uuid4().hex)
        self._record(incoming, route.operation_id if route else None, reply.status)
        if self.observer is not None and route is not None and reply.status < 300:
            self.observer(route.operation_id, raw_params, reply)
        if self.validate_responses:
            self._check(incoming, request, reply)
        return reply

    def _dispatch(
        self, incoming: _Incoming, route: Route | None, request: SpecRequest | None
    ) -> Reply:
        if self.limiter is not None:
            wait = self.limiter.check(incoming.client)
            if wait > 0:
                raise ApiError(
                    429,
                    "Too many requests",
                    headers={"retry-after": SlidingWindows.retry_after(wait)},
                )
        if route is None or request is None:
            raise ApiError(
                501, f"{incoming.method} {incoming.path} is not implemented by FakeAltegio"
            )
        handler = HANDLERS.get(route.operation_id)
        if handler is None:
            raise ApiError(
                501,
                f"Operation {route.operation_id} ({route.method} {route.template}) "
                "is not implemented by FakeAltegio",
            )
        if self.strict_accept and not accepts_vendor_media_type(incoming.headers.get("accept")):
            raise ApiError(406, f"The Accept header must ask for {VENDOR_MEDIA_TYPE}")
        user = self._authenticate(route, incoming.headers.get("authorization", ""))
        try:
            checked = self.checker.check_request(request)
        except RecursionError:  # e.g. 100,000 "[": refuse it rather than crash the app
            message = "The request body is nested too deeply"
            raise ApiError(422, message, {"body": ["too deep"]}) from None
        if checked.errors:
            raise ApiError(422, "The request does not match the API description", checked.errors)
        checked.path.update(whole_numbers(checked.path))
        checked.query.update(whole_numbers(checked.query))
        location_id = checked.path.get("location_id")
        if "{location_id}" in route.template and isinstance(location_id, int):
            self.store.location(location_id)
            if route.user_auth and (user is None or location_id not in user.locations):
                raise ApiError(403, "No access to this location")
        try:
            body = json.loads(incoming.body) if incoming.body else None
        except (ValueError, RecursionError):
            raise ApiError(422, "The request body is not JSON", {"body": ["not JSON"]}) from None
        body = whole_numbers(body)  # an id sent as 1002.0 is the id 1002, as for the API
        call = Call(
            store=self.store,
            operation_id=route.operation_id,
            path=checked.path,
            query=checked.query,
            body=body,
            user=user,
        )
        return handler(call)

    def _authenticate(self, route: Route, header: str) -> UserRecord | None:
        """``Bearer <partner>[, User <user>]``; the user part only where the route needs it."""
        partner = user_token = ""
        for part in header.split(","):
            scheme, _, value = part.strip().partition(" ")
            if scheme.lower() == "bearer":
                partner = value.strip()
            elif scheme.lower() == "user":
                user_token = value.strip()
        if not partner:
            raise ApiError(401, "Authentication needed.")
        if partner not in self.store.partner_tokens:
            raise ApiError(401, "Partner authentication failed: unknown partner token.")
        user = self.store.user_by_token(user_token) if user_token else None
        if route.user_auth and user is None:
            message = "User authentication failed: unknown user token."
            raise ApiError(401, message if user_token else "User authentication needed.")
        return user

    def _check(self, incoming: _Incoming, request: SpecRequest | None, reply: Reply) -> None:
        data = b"" if reply.body is None else json.dumps(reply.body).encode()
        if request is None:
            where = f"{incoming.method} {incoming.path} -> {reply.status}"
            self.checker.check_error_body(where, data)
            return
        content_type = "application/json" if data else ""
        self.checker.check_response(request, SpecResponse(reply.status, data, content_type))


def _error_envelope(route: Route | None, error: ApiError) -> dict[str, Any]:
    """The vendor's envelope, in the variant this operation documents for the status."""
    shape = route.error_schemas.get(error.status, "") if route else ""
    errors = error.errors
    if shape == "ProductValidationErrorReply":
        rows = errors if isinstance(errors, dict) else {}
        errors = [{f"[{name}]": messages} for name, messages in rows.items()]
        errors = errors or [{"message": error.message}]
    body = error_body(error.message, errors)
    if shape in ("UnauthorizedReplyLegacy", "NotFoundReplyLegacy"):
        body["errors"] = {"code": error.status, "message": error.message}
    return body


async def _send(send: Send, reply: Reply) -> None:
    data = b"" if reply.body is None else json.dumps(reply.body).encode()
    headers = [(k.encode("latin-1"), v.encode("latin-1")) for k, v in reply.headers.items()]
    if data:
        headers.append((b"content-type", b"application/json"))
    headers.append((b"content-length", str(len(data)).encode()))
    await send({"type": "http.response.start", "status": reply.status, "headers": headers})
    await send({"type": "http.response.body", "body": data})


async def _lifespan(receive: Receive, send: Send) -> None:
    while True:
        message = await receive()
        if message["type"] == "lifespan.startup":
            await send({"type": "lifespan.startup.complete"})
        elif message["type"] == "lifespan.shutdown":
            await send({"type": "lifespan.shutdown.complete"})
            return
