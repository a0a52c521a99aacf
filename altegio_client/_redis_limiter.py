"""``RedisRateLimiter``: one request budget for many processes and machines (``[redis]`` extra).

The vendor counts requests per IP, so every worker behind one egress address must draw from one
budget. Three rules keep the guarantee (at most N in any window) across processes:

- Both windows are checked and taken in one Lua script, so two workers can never both see the
  last place free; and the script reads the time from Redis (``TIME``), never from a worker, so
  workers' clocks and scheduling delays cannot let an entry slip past a window.
- A place is first *pending* (it counts, with a lease), and is stamped with Redis time when the
  request's headers start going out (httpcore's trace events, as in ``RateLimiter``): the server
  counts arrivals, and a cold connection can take a while. The stamp re-arms the keys' expiry.
- The server counts a request somewhere between that stamp (taken before the first byte is
  written) and the moment its response is back. So when the response arrives, the place is
  stamped again with the later of the two (minus ``margin``): a place frees one window after the
  request's latest possible arrival, a new one is stamped before its earliest. That holds however
  unevenly requests travel or queue; on a loaded host the spread reached 0.4 s for a burst of
  50, which no fixed widening covers without wasting budget the rest of the time.
- ``margin`` (absolute seconds, default 0.05) is added to every window for what is left: clock
  rate and the server's own rounding. A relative widening would cost 10% of the minute budget;
  0.05 s costs 0.08% of it. Under the vendor's limits the minute window binds, and holding a
  per-second place for the request's latency costs nothing there.

A 429 seen by any worker sets a shared cool-down that every worker on the budget obeys, and a
request whose place was granted before it is held back before any byte leaves. Everything
expires: a worker that dies leaks at most its pending places, for ``lease`` seconds.
"""

from __future__ import annotations

import itertools
import math
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING, Any

from ._clock import SYSTEM_CLOCK, Clock
from ._limiter import RateLimit, RateLimiter
from ._limiting import HoldBack, RateLimiterUnavailableError
from ._logging import logger

if TYPE_CHECKING:
    import asyncio

    import httpx
    from redis.asyncio import Redis
    from redis.commands.core import AsyncScript

__all__ = ["RedisRateLimiter"]

# KEYS: pending, cool, window... ; ARGV: token, lease, margin, poll, then cap/period per window.
# Times are integer microseconds of Redis's clock, written with %d: Lua would print a number that
# large in exponent form and lose the microseconds. Returns {granted, wait}.
_ACQUIRE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local cool = tonumber(redis.call('GET', KEYS[2]) or '0')
if cool > now then return {0, cool - now} end
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', string.format('%d', now))
local pending = redis.call('ZCARD', KEYS[1])
local margin = tonumber(ARGV[3])
local wait = 0
for j = 3, #KEYS do
  local cap = tonumber(ARGV[2 * j - 1])
  local span = tonumber(ARGV[2 * j]) + margin
  redis.call('ZREMRANGEBYSCORE', KEYS[j], '-inf', string.format('%d', now - span))
  local used = redis.call('ZCARD', KEYS[j])
  if used + pending >= cap then
    local k = used + pending - cap
    if k < used then
      local oldest = redis.call('ZRANGE', KEYS[j], k, k, 'WITHSCORES')
      wait = math.max(wait, tonumber(oldest[2]) + span - now)
    else
      wait = math.max(wait, tonumber(ARGV[4]))
    end
  end
end
if wait > 0 then return {0, wait} end
local lease = tonumber(ARGV[2])
redis.call('ZADD', KEYS[1], string.format('%d', now + lease), ARGV[1])
redis.call('PEXPIRE', KEYS[1], math.floor(lease / 1000) + 1000)
return {1, 0}
"""

# Same KEYS; ARGV: token, margin, then period per window. Stamps the place with Redis time, or
# (during a cool-down) gives it back and returns how long the cool-down still runs.
_SENT = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
redis.call('ZREM', KEYS[1], ARGV[1])
local cool = tonumber(redis.call('GET', KEYS[2]) or '0')
if cool > now then return cool - now end
local margin = tonumber(ARGV[2])
for j = 3, #KEYS do
  redis.call('ZADD', KEYS[j], string.format('%d', now), ARGV[1])
  redis.call('PEXPIRE', KEYS[j], math.floor((tonumber(ARGV[j]) + margin) / 1000) + 1000)
end
return 0
"""

# Same KEYS; ARGV: token, margin, then period per window. The response is back: the request
# arrived by now, so its place counts until a window after now (later stamps only).
_DONE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local margin = tonumber(ARGV[2])
local stamp = now - margin
for j = 3, #KEYS do
  local old = redis.call('ZSCORE', KEYS[j], ARGV[1])
  if old and tonumber(old) < stamp then
    redis.call('ZADD', KEYS[j], string.format('%d', stamp), ARGV[1])
    redis.call('PEXPIRE', KEYS[j], math.floor((tonumber(ARGV[j]) + margin) / 1000) + 1000)
  end
end
return 0
"""

# KEYS: cool; ARGV: seconds in microseconds. The cool-down only ever grows.
_COOL = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local until_ = now + tonumber(ARGV[1])
local cool = tonumber(redis.call('GET', KEYS[1]) or '0')
if until_ > cool then
  local ttl = math.floor(tonumber(ARGV[1]) / 1000) + 1000
  redis.call('SET', KEYS[1], string.format('%d', until_), 'PX', ttl)
end
return 0
"""

_US = 1_000_000


class RedisRateLimiter:
    """A ``Limiter`` whose budget lives in Redis, shared by every process that names it.

    Args:
        redis: a ``redis.asyncio.Redis`` (kept open: it is yours), or a URL (then the limiter
            creates the connection and ``aclose()`` closes it).
        budget: the name of the egress budget, e.g. the public IP the workers leave through;
            every limiter with the same name (and ``key_prefix``) shares one set of windows.
        limit: places per window; ``limit.margin`` (relative) is not used here, see ``margin``.
        margin: seconds added to every window (see the module docstring).
        lease: seconds a place may stay pending (granted, headers not yet sent) before it is
            freed; it bounds what a crashed worker holds.
        cool_down_default: pause after a 429 without Retry-After.
        fallback: when Redis cannot be reached, raise ``RateLimiterUnavailableError`` (False,
            the default), or pace this process alone with a local ``RateLimiter`` (True, or the
            limiter to use). Redis is tried again every ``retry_redis_after`` seconds.
        clock: the seam for sleeping; the windows themselves always run on Redis's clock.
    """

    def __init__(
        self,
        redis: Redis | str,
        *,
        budget: str,
        limit: RateLimit | None = None,
        margin: float = 0.05,
        lease: float = 10.0,
        cool_down_default: float = 1.0,
        fallback: RateLimiter | bool = False,
        retry_redis_after: float = 1.0,
        key_prefix: str = "altegio:rate",
        poll: float = 0.005,
        clock: Clock = SYSTEM_CLOCK,
    ) -> None:
        from redis.asyncio import Redis

        if isinstance(redis, str):
            self._redis = Redis.from_url(redis, socket_timeout=5, socket_connect_timeout=5)
            self._owns_redis = True
        else:
            self._redis, self._owns_redis = redis, False
        self.budget = budget
        self.limit = limit = limit if limit is not None else RateLimit()
        windows = [(n, p) for n, p in ((limit.per_second, 1), (limit.per_minute, 60)) if n]
        base = f"{key_prefix}:{{{budget}}}"  # one hash slot: the script's keys must share it
        self._keys = [f"{base}:pending", f"{base}:cool", *(f"{base}:{p}s" for _, p in windows)]
        self._margin_us = round(margin * _US)
        caps_periods: list[int] = []
        for capacity, period in windows:
            caps_periods += [capacity, period * _US]
        self._acquire_args = [round(lease * _US), self._margin_us, round(poll * _US), *caps_periods]
        self._sent_args = [self._margin_us, *(p * _US for _, p in windows)]
        self._cool_down_default = cool_down_default
        if fallback is True:
            fallback = RateLimiter(limit, clock)
        self._fallback = fallback or None
        self._retry_redis_after = retry_redis_after
        self._down_until = -math.inf
        self._clock = clock
        self._tokens = itertools.count()
        self._prefix = uuid.uuid4().hex[:12]
        self._lock: asyncio.Lock | None = None
        self._scripts: tuple[AsyncScript, AsyncScript, AsyncScript, AsyncScript] | None = None

    def __repr__(self) -> str:
        return f"RedisRateLimiter(budget={self.budget!r}, limit={self.limit})"

    @property
    def keys(self) -> list[str]:
        """The Redis keys of this budget (all expire on their own)."""
        return list(self._keys)

    @asynccontextmanager
    async def slot(self, request: httpx.Request) -> AsyncIterator[None]:
        """Wait for a place in the shared budget, and stamp it when the headers leave."""
        if self._clock.now() < self._down_until:
            assert self._fallback is not None
            async with self._fallback.slot(request):
                yield
            return
        token = f"{self._prefix}:{next(self._tokens)}"
        try:
            await self._take(token)
        except RateLimiterUnavailableError:
            if self._fallback is None:
                raise
            self._down_until = self._clock.now() + self._retry_redis_after
            async with self._fallback.slot(request):
                yield
            return
        done: list[bool] = []
        previous = request.extensions.get("trace")

        async def trace(name: str, info: dict[str, Any]) -> None:
            if not done and name.endswith("send_request_headers.started"):
                done.append(True)
                if await self._stamp(token) > 0:
                    raise HoldBack
            if previous is not None:
                await previous(name, info)

        request.extensions["trace"] = trace
        held_back = False
        try:
            yield
        except HoldBack:
            held_back = True
            raise
        finally:
            if previous is None:
                request.extensions.pop("trace", None)
            else:
                request.extensions["trace"] = previous
            if not done:  # no trace events (another transport) or failed early: count it now
                await self._stamp(token)
            elif not held_back:
                await self._done(token)

    async def cool_down(self, retry_after: float | None) -> None:
        """Make every worker on this budget wait ``retry_after`` seconds (or the default)."""
        seconds = self._cool_down_default if retry_after is None else retry_after
        if self._fallback is not None:
            await self._fallback.cool_down(seconds)
        cool = self._load()[3]
        try:
            await cool(keys=[self._keys[1]], args=[max(1, round(seconds * _US))])
        except Exception as exc:
            if not _is_redis_down(exc):
                raise
            logger.warning("rate limiter %r: cannot record a cool-down (%s)", self.budget, exc)

    async def aclose(self) -> None:
        """Close the Redis connection if this limiter opened it (from a URL)."""
        if self._owns_redis:
            close = getattr(self._redis, "aclose", None) or self._redis.close  # redis-py < 5
            await close()

    def _load(self) -> tuple[AsyncScript, AsyncScript, AsyncScript, AsyncScript]:
        if self._scripts is None:
            register = self._redis.register_script
            scripts = (register(_ACQUIRE), register(_SENT), register(_DONE), register(_COOL))
            self._scripts = scripts
        return self._scripts

    async def _take(self, token: str) -> None:
        import asyncio  # here, not at the top: `import altegio_client` stays cheap

        if self._lock is None:
            self._lock = asyncio.Lock()
        acquire = self._load()[0]
        # One task per process asks Redis at a time: first come, first served inside the
        # process, and a full window costs one poll per process, not one per waiting task.
        async with self._lock:
            while True:
                try:
                    granted, wait = await acquire(
                        keys=self._keys, args=[token, *self._acquire_args]
                    )
                except Exception as exc:
                    if not _is_redis_down(exc):
                        raise
                    raise RateLimiterUnavailableError(
                        f"rate limiter {self.budget!r}: Redis unreachable ({type(exc).__name__})"
                    ) from None
                if int(granted):
                    return
                await self._clock.sleep(int(wait) / _US)

    async def _stamp(self, token: str) -> int:
        """Count the place from now (Redis time); >0 means a cool-down runs: do not send."""
        sent = self._load()[1]
        try:
            wait = await sent(keys=self._keys, args=[token, *self._sent_args])
        except Exception as exc:
            if not _is_redis_down(exc):
                raise
            # The place stays pending (counted) until its lease ends: late, but never lost.
            logger.warning("rate limiter %r: cannot stamp a request (%s)", self.budget, exc)
            return 0
        return int(wait)

    async def _done(self, token: str) -> None:
        """The response is back (or the send failed): count the place until a window from now."""
        done = self._load()[2]
        try:
            await done(keys=self._keys, args=[token, *self._sent_args])
        except Exception as exc:
            if not _is_redis_down(exc):
                raise
            logger.warning("rate limiter %r: cannot stamp a response (%s)", self.budget, exc)


def _is_redis_down(exc: BaseException) -> bool:
    from redis.exceptions import ConnectionError, TimeoutError

    return isinstance(exc, ConnectionError | TimeoutError | OSError)
