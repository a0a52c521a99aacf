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
from dataclasses import dataclass
from email.utils import parsedate_to_datetime

import httpx

from ._errors import APIConnectionError, APITimeoutError
from ._limiter import RateLimiter
from ._logging import body_for_log, logger

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
    limiter: RateLimiter | None,
    sleep: Callable[[float], Awaitable[None]] | None = None,
) -> tuple[httpx.Response, int]:
    """Send ``request``; return the final response and how many retries it took."""
    if sleep is None:
        import asyncio  # here, not at the top: `import altegio_client` stays cheap

        sleep = asyncio.sleep
    method = request.method.upper()
    started = time.perf_counter()
    attempt = 0
    if logger.isEnabledFor(10):
        logger.debug(
            "%s %s request body: %s", method, request.url.path, body_for_log(request.content)
        )
    while True:
        try:
            if limiter is None:
                response = await client.send(request)
            else:
                async with limiter.slot(request):
                    response = await client.send(request)
        except httpx.HTTPError as exc:
            safe = isinstance(exc, NEVER_SENT) or method in IDEMPOTENT
            if safe and attempt < max_retries:
                delay = policy.backoff(attempt)
                logger.info(
                    "%s %s failed (%s), retry %d in %.2fs",
                    method,
                    request.url.path,
                    type(exc).__name__,
                    attempt + 1,
                    delay,
                )
                attempt += 1
                await sleep(delay)
                continue
            _log_line(method, request, None, started, attempt, type(exc).__name__)
            error = (
                APITimeoutError if isinstance(exc, httpx.TimeoutException) else APIConnectionError
            )
            raise error(
                f"{method} {request.url.path} failed: {type(exc).__name__}", request=request
            ) from None
        if retryable_status(method, response.status_code) and attempt < max_retries:
            hinted = policy.retry_after(response)
            delay = policy.backoff(attempt) if hinted is None else hinted
            logger.info(
                "%s %s -> %d, retry %d in %.2fs",
                method,
                request.url.path,
                response.status_code,
                attempt + 1,
                delay,
            )
            await response.aclose()
            attempt += 1
            await sleep(delay)
            continue
        _log_line(method, request, response, started, attempt, None)
        if logger.isEnabledFor(10):
            logger.debug("response body: %s", body_for_log(response.content))
        return response, attempt


def _log_line(
    method: str,
    request: httpx.Request,
    response: httpx.Response | None,
    started: float,
    retries: int,
    failure: str | None,
) -> None:
    elapsed_ms = (time.perf_counter() - started) * 1000
    outcome = str(response.status_code) if response is not None else failure
    logger.info(
        "%s %s -> %s in %.0fms (retries=%d)", method, request.url.path, outcome, elapsed_ms, retries
    )
