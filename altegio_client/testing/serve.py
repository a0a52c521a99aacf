"""Serve a ``FakeAltegio`` over HTTP in its own process, for multi-process tests and demos.

``python -m altegio_client.testing.serve --info FILE [--per-second N] [--per-minute N]
[--locations N]`` binds a free loopback port, and once it accepts requests writes FILE (JSON:
``base_url``, the demo tokens, the location ids). The vendor's limits are enforced per client
address, as the real API does per IP. Two extra routes, outside the API and its limit:
``GET /__stats`` (requests seen, 429s sent, by status) and ``POST /__reset``.

The limit is counted the moment a request arrives, on the event loop, and the fake's work (spec
validation, a few ms) runs on a worker thread. Counting after the fake's own queue would shift
each request of a burst by the time the ones before it took (up to 0.4 s for 50 requests on two
busy cores), which is the fake's slowness, not how an API counts at its edge.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import socket
import sys
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

from .._limiter import RateLimit
from ._app import FakeApp, Receive, Scope, Send, _error_envelope, _Incoming, _send
from ._fake import FakeAltegio
from ._limits import SlidingWindows
from ._replies import ApiError, Reply
from ._validation import SPEC_PREFIX

__all__ = ["ServedFake", "seed_locations"]


class ServedFake:
    """The fake's app behind an at-arrival rate limit, counting the statuses it answers with."""

    def __init__(self, app: FakeApp, limit: RateLimit | None) -> None:
        self.app = app
        self.limiter = SlidingWindows(limit) if limit is not None else None
        self.statuses: Counter[int] = Counter()
        self.first = self.last = 0.0  # wall-clock arrival of the first and last API request
        # one thread: the fake serializes requests on its store lock anyway
        self.executor = ThreadPoolExecutor(1, thread_name_prefix="fake")

    def stats(self) -> dict[str, Any]:
        return {
            "requests": sum(self.statuses.values()),
            "rate_limited": self.statuses[429],
            "by_status": {str(k): v for k, v in sorted(self.statuses.items())},
            "first": self.first,
            "last": self.last,
        }

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"] in ("/__stats", "/__reset"):
            if scope["path"] == "/__reset":
                self.statuses.clear()
                self.first = self.last = 0.0
            body = json.dumps(self.stats()).encode()
            headers = [(b"content-type", b"application/json")]
            await send({"type": "http.response.start", "status": 200, "headers": headers})
            await send({"type": "http.response.body", "body": body})
            return

        if scope["type"] != "http":
            await self.app(scope, receive, send)
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
        client = str((scope.get("client") or ("unknown", 0))[0])
        self.last = time.time()
        self.first = self.first or self.last
        wait = self.limiter.check(client) if self.limiter is not None else 0.0
        if wait > 0:
            error = ApiError(429, "Too many requests")
            retry_after = {"retry-after": SlidingWindows.retry_after(wait)}
            reply = Reply(429, _error_envelope(None, error), retry_after)
        else:
            incoming = _Incoming(
                method=scope["method"].upper(),
                path=path or "/",
                query=parse_qsl(scope.get("query_string", b"").decode("latin-1"), True),
                headers={
                    k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]
                },
                body=b"".join(chunks),
                client=client,
            )
            loop = asyncio.get_running_loop()
            reply = await loop.run_in_executor(self.executor, self.app.handle, incoming)
        self.statuses[reply.status] += 1
        await _send(send, reply)


def seed_locations(fake: FakeAltegio, count: int) -> list[int]:
    """``count`` more locations the demo user may use, each with two storages and stock."""
    ids = [fake.demo.location_id]
    for n in range(1, count):
        location_id = fake.add_location(f"Salon {n + 1}")
        retail = fake.add_storage(location_id, "Retail", for_sale=True)
        back = fake.add_storage(location_id, "Back room", for_service=True)
        for k, title in enumerate(("Shampoo", "Conditioner", "Hair mask")):
            fake.add_product(location_id, title, stock={retail: 5 + n + k, back: k})
        fake.grant_access(fake.demo.user_id, location_id)
        ids.append(location_id)
    return ids


async def _serve(args: argparse.Namespace) -> None:
    import uvicorn

    per_second, per_minute = args.per_second or None, args.per_minute or None
    limit = RateLimit(per_second, per_minute) if per_second or per_minute else None
    fake = FakeAltegio(rate_limit=None)
    locations = seed_locations(fake, args.locations)
    app = ServedFake(fake.app, limit)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", args.port))
    port = sock.getsockname()[1]
    config = uvicorn.Config(app, log_level="warning", lifespan="off", access_log=False)
    server = uvicorn.Server(config)
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, lambda: setattr(server, "should_exit", True))
    serving = asyncio.create_task(server.serve(sockets=[sock]))
    while not server.started:
        if serving.done():
            await serving
            return
        await asyncio.sleep(0.01)
    demo = fake.demo
    info = {
        "base_url": f"http://127.0.0.1:{port}/api/v1",
        "origin": f"http://127.0.0.1:{port}",
        "partner_token": demo.partner_token,
        "user_token": demo.user_token,
        "location_ids": locations,
        "pid": os.getpid(),
    }
    path = Path(args.info)
    partial = path.with_suffix(".partial")
    partial.write_text(json.dumps(info), encoding="utf-8")
    partial.chmod(0o600)  # tokens of a throwaway fake, still not for other users to read
    partial.replace(path)
    await serving
    sock.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--info", required=True, help="where to write the JSON connection info")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--per-second", type=int, default=5)
    parser.add_argument("--per-minute", type=int, default=200)
    parser.add_argument("--locations", type=int, default=1)
    # The fake's work runs on a thread and holds the GIL; switch more often than every 5 ms so
    # the event loop notes each arrival when it happens.
    sys.setswitchinterval(0.0005)
    asyncio.run(_serve(parser.parse_args()))


if __name__ == "__main__":
    main()
