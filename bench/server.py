"""The bench server: a bare ASGI app under uvicorn answering with the spec's example bodies.

Run in its own process (``python -m bench.server --port N [--per-second L] [--per-minute M]``) so
the client being measured has a core to itself. Bodies are encoded once; the optional limits are
sliding windows over accepted requests, answering 429 (with Retry-After) beyond them, like the
vendor's per-IP limit.
``GET /__stats`` returns counters, ``POST /__reset`` clears them.
"""

from __future__ import annotations

import argparse
import json
import time
from collections import deque
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any
from urllib.parse import parse_qs

from bench import payloads

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]

PREFIX = "/api/v1"
JSON_HEADERS = [(b"content-type", b"application/json")]


class SlidingWindow:
    """At most ``limit`` accepted requests in any ``period`` seconds."""

    def __init__(self, limit: int, period: float = 1.0) -> None:
        self.limit = limit
        self.period = period
        self._accepted: deque[float] = deque()

    def wait(self, now: float) -> float:
        """0 if one more request fits, else seconds until a place frees up."""
        while self._accepted and now - self._accepted[0] >= self.period:
            self._accepted.popleft()
        if len(self._accepted) < self.limit:
            return 0.0
        return self._accepted[0] + self.period - now

    def add(self, now: float) -> None:
        self._accepted.append(now)


class BenchApp:
    """Routes the three benchmarked operations; everything else is a 404 envelope."""

    def __init__(self, per_second: int | None = None, per_minute: int | None = None) -> None:
        self.limits = [(n, p) for n, p in ((per_second, 1.0), (per_minute, 60.0)) if n]
        self.windows = [SlidingWindow(n, p) for n, p in self.limits]
        self.stats = {"requests": 0, "ok": 0, "rate_limited": 0}
        self._document = payloads.encode(payloads.bench_body("get_document"))
        self._inventories = payloads.encode(payloads.bench_body("get_location_inventories"))
        self._pages: dict[int, bytes] = {}
        self._not_found = payloads.encode(
            {"success": False, "data": None, "meta": {"message": "not found"}}
        )

    def page(self, count: int) -> bytes:
        body = self._pages.get(count)
        if body is None:
            body = self._pages[count] = payloads.encode(payloads.transactions_page(count))
        return body

    def route(self, method: str, path: str, query: bytes) -> tuple[int, bytes]:
        if not path.startswith(PREFIX) or method != "GET":
            return 404, self._not_found
        parts = path[len(PREFIX) :].strip("/").split("/")
        if parts[:2] == ["storage_operations", "documents"] and len(parts) == 4:
            return 200, self._document
        if parts[:2] == ["storages", "transactions"] and len(parts) == 3:
            values = parse_qs(query.decode("latin-1")).get("count", ["1"])
            count = min(max(int(values[0]), 1), payloads.MAX_PAGE)
            return 200, self.page(count)
        if parts[0] == "storages" and len(parts) == 2:
            return 200, self._inventories
        return 404, self._not_found

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return
        path: str = scope["path"]
        headers = JSON_HEADERS
        if path == "/__stats":
            status, body = 200, json.dumps(self.stats).encode()
        elif path == "/__reset":
            self.stats = dict.fromkeys(self.stats, 0)
            self.windows = [SlidingWindow(n, p) for n, p in self.limits]
            status, body = 200, b"{}"
        else:
            self.stats["requests"] += 1
            wait = admit(self.windows, time.monotonic())
            if wait is not None:
                self.stats["rate_limited"] += 1
                status = 429
                body = b'{"success":false,"data":null,"meta":{"message":"Too many requests"}}'
                retry_after = f"{max(wait, 0.001):.3f}".encode()
                headers = [*JSON_HEADERS, (b"retry-after", retry_after)]
            else:
                status, body = self.route(scope["method"], path, scope.get("query_string", b""))
                self.stats["ok"] += status == 200
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": body})


def admit(windows: list[SlidingWindow], now: float) -> float | None:
    """None if every window has room (the request then counts in each), else seconds to wait."""
    wait = max((w.wait(now) for w in windows), default=0.0)
    if wait > 0:
        return wait
    for window in windows:
        window.add(now)
    return None


def main() -> None:
    import uvicorn

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--per-second", type=int, default=None)
    parser.add_argument("--per-minute", type=int, default=None)
    args = parser.parse_args()
    uvicorn.run(
        BenchApp(args.per_second, args.per_minute),
        host="127.0.0.1",
        port=args.port,
        log_level="warning",
        access_log=False,
        http="httptools",
        loop="uvloop",
        backlog=4096,
        lifespan="off",
    )


if __name__ == "__main__":
    main()
