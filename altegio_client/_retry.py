"""Sending one request with retries that can never duplicate a write.

GET/PUT/DELETE are idempotent: they are retried on connection errors, timeouts, 408, 429 and 5xx.
POST (and PATCH) is retried only on 429 (the API refused it before doing anything) or when the
request provably never left this process (connect error, connect/pool timeout). A POST that
timed out while reading, or got a 5xx, may have created a document and its financial
transactions, so it is reported, never re-sent.
"""

from __future__ import annotations

import random
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from email.utils import parsedate_to_datetime

import httpx

from ._clock import SYSTEM_CLOCK, Clock
from ._errors import APIConnectionError, APITimeoutError
from ._events import AttemptEvent, EventHook, emit
from ._limiting import HoldBack, Limiter
from ._logging import body_for_log, logger
from ._response import request_id_of

__all__ = ["RetryPolicy", "send_with_retries"]

IDEMPOTENT = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})
NEVER_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)


@dataclass(frozen=True)
class RetryPolicy:
    """Backoff shape; ``max_retries`` lives on the client so ``with_options`` can change it."""

    initial_delay: float = 0.5
    max_delay: float = 8.0
    max_retry_after: float = 60.0

    def backoff(self, attempt: int) -> float:
        """Exponential backoff with jitter, so many workers do not retry in lockstep."""
        base: float = min(self.max_delay, self.initial_delay * 2**attempt)
        return base * (0.5 + random.random() / 2)

    def retry_after(self, response: httpx.Response) -> float | None:
        """The server's Retry-After (seconds or HTTP date), capped."""
        value: str | None = response.headers.get("retry-after")
        if not value:
            return None
        try:
            seconds = float(value)
        except ValueError:
            try:
                seconds = parsedate_to_datetime(value).timestamp() - time.time()
            except (TypeError, ValueError):
                return None
        return max(0.0, min(seconds, self.max_retry_after))


def retryable_status(method: str, status: int) -> bool:
    if status == 429:
        return True
    return method in IDEMPOTENT and (status == 408 or status >= 500)


async def send_with_retries(
    client: httpx.AsyncClient,
    request: httpx.Request,
    *,
    max_retries: int,
    policy: RetryPolicy,
    limiter: Limiter | None,
    sleep: Callable[[float], Awaitable[None]] | None = None,
    clock: Clock = SYSTEM_CLOCK,
    operation: str | None = None,
    on_event: EventHook | None = None,
) -> tuple[httpx.Response, int]:
    """Send ``request``; return the final response and how many retries it took.

    Waits (back-off, the limiter) use ``clock``; ``sleep`` overrides its sleep for the back-off
    alone. After each attempt ``on_event`` gets an ``AttemptEvent`` and the log line carries the
    same fields as ``extra=``.
    """
    if sleep is None:
        sleep = clock.sleep
    method = request.method.upper()
    started = time.perf_counter()
    attempt = 0
    if logger.isEnabledFor(10):
        logger.debug(
            "%s %s request body: %s", method, request.url.path, body_for_log(request.content)
        )
    while True:
        waited = 0.0
        sent_at = asked = clock.now()
        try:
            if limiter is None:
                response = await client.send(request)
            else:
                async with limiter.slot(request):
                    sent_at = clock.now()
                    waited = sent_at - asked
                    response = await client.send(request)
        except HoldBack:
            continue  # a cool-down began before the bytes left: take a new place, same attempt
        except httpx.HTTPError as exc:
            safe = isinstance(exc, NEVER_SENT) or method in IDEMPOTENT
            retry = safe and attempt < max_retries
            delay = policy.backoff(attempt) if retry else None
            failed = _event(operation, request, attempt, waited, clock.now() - sent_at, None)
            failed = replace(failed, error=type(exc).__name__, retry_in=delay)
            if delay is not None:
                _report(on_event, failed)
                attempt += 1
                await sleep(delay)
                continue
            emit(on_event, failed)
            _log_line(method, request, None, started, attempt, type(exc).__name__, failed)
            error = (
                APITimeoutError if isinstance(exc, httpx.TimeoutException) else APIConnectionError
            )
            raise error(
                f"{method} {request.url.path} failed: {type(exc).__name__}", request=request
            ) from None
        status = response.status_code
        event: AttemptEvent | None = None
        if status == 429 and limiter is not None:
            await limiter.cool_down(policy.retry_after(response))
        if retryable_status(method, status) and attempt < max_retries:
            hinted = policy.retry_after(response)
            delay = policy.backoff(attempt) if hinted is None else hinted
            if on_event is not None or logger.isEnabledFor(20):
                event = _event(operation, request, attempt, waited, clock.now() - sent_at, response)
                _report(on_event, replace(event, retry_in=delay))
            await response.aclose()
            attempt += 1
            await sleep(delay)
            continue
        if on_event is not None or logger.isEnabledFor(20):
            event = _event(operation, request, attempt, waited, clock.now() - sent_at, response)
            emit(on_event, event)
        _log_line(method, request, response, started, attempt, None, event)
        if logger.isEnabledFor(10):
            logger.debug("response body: %s", body_for_log(response.content))
        return response, attempt


def _event(
    operation: str | None,
    request: httpx.Request,
    attempt: int,
    waited: float,
    elapsed: float,
    response: httpx.Response | None,
) -> AttemptEvent:
    return AttemptEvent(
        operation=operation,
        method=request.method,
        path=request.url.path,
        attempt=attempt + 1,
        limiter_wait=waited,
        elapsed=elapsed,
        status=response.status_code if response is not None else None,
        request_id=request_id_of(response) if response is not None else None,
    )


def _report(on_event: EventHook | None, event: AttemptEvent) -> None:
    """An attempt that is followed by a retry: to the hook, and one INFO line."""
    emit(on_event, event)
    outcome = event.error or str(event.status)
    logger.info(
        "%s %s -> %s, retry %d in %.2fs",
        event.method,
        event.path,
        outcome,
        event.attempt,
        event.retry_in or 0.0,
        extra=event.log_extra(),
    )


def _log_line(
    method: str,
    request: httpx.Request,
    response: httpx.Response | None,
    started: float,
    retries: int,
    failure: str | None,
    event: AttemptEvent | None,
) -> None:
    if not logger.isEnabledFor(20):
        return
    elapsed_ms = (time.perf_counter() - started) * 1000
    outcome = str(response.status_code) if response is not None else failure
    logger.info(
        "%s %s -> %s in %.0fms (retries=%d)",
        method,
        request.url.path,
        outcome,
        elapsed_ms,
        retries,
        extra=event.log_extra() if event is not None else None,
    )
