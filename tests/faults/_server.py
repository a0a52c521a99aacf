"""A misbehaving HTTP/1.1 server on 127.0.0.1, written on raw asyncio streams.

No HTTP library sits on the server side, so every byte the client sees is one the test chose:
httpx and httpcore meet resets, half bodies and garbage exactly as they would from a broken
proxy. Each request that was read completely is recorded; the reply to it comes from a
``Fault`` the test scheduled for that path (first come, first served), or a normal reply.
"""

from __future__ import annotations

import asyncio
import contextlib
import gzip
import json
import socket
import struct
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

OK_LIST = {"success": True, "data": [{"id": 36539, "title": "Main"}], "meta": []}
OK_OBJECT = {"success": True, "data": {"id": 7, "type_id": 3, "storage_id": 36539}, "meta": []}


@dataclass
class Seen:
    """One request the server read in full."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes
    connection: int  # which accepted connection it came on

    def json(self) -> Any:
        return json.loads(self.body) if self.body else None


@dataclass
class Conn:
    number: int
    reader: asyncio.StreamReader
    writer: asyncio.StreamWriter

    def write(self, data: bytes) -> None:
        self.writer.write(data)

    async def drain(self) -> None:
        with contextlib.suppress(ConnectionError):
            await self.writer.drain()

    def reset(self) -> None:
        """Abort with RST (SO_LINGER 0), not the polite FIN."""
        sock = self.writer.get_extra_info("socket")
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.writer.transport.abort()

    async def wait_for_client_to_leave(self, limit: float = 10.0) -> None:
        """Hold the connection until the client drops it (or ``limit`` passes)."""
        with contextlib.suppress(Exception):
            await asyncio.wait_for(self.reader.read(), limit)


# A fault writes (or withholds) the reply and says whether the connection stays open.
Fault = Callable[[Conn, Seen], Awaitable[bool]]


def response(status: int, body: bytes = b"", headers: dict[str, str] | None = None) -> bytes:
    reason = {200: "OK", 202: "Accepted", 408: "Request Timeout", 429: "Too Many Requests"}.get(
        status, "Error" if status >= 400 else "OK"
    )
    lines = [f"HTTP/1.1 {status} {reason}"]
    merged = {"Content-Type": "application/json", "X-Request-Id": f"req-{status}"}
    merged.update(headers or {})
    merged["Content-Length"] = str(len(body))
    lines += [f"{k}: {v}" for k, v in merged.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


def normal_reply(seen: Seen) -> bytes:
    if seen.method == "DELETE":
        return response(202)
    return response(200, json.dumps(OK_LIST if seen.method == "GET" else OK_OBJECT).encode())


@dataclass
class FaultServer:
    """Counts what arrives; ``schedule(path_part, *faults)`` arms faults for matching paths."""

    port: int = 0
    seen: list[Seen] = field(default_factory=list)
    connections: int = 0
    on_connect: list[str] = field(default_factory=list)  # "reset" / "close": next connections
    arrived: asyncio.Event = field(default_factory=asyncio.Event)  # a request was read
    _faults: list[tuple[str, Fault]] = field(default_factory=list)
    _handlers: set[asyncio.Task[None]] = field(default_factory=set)
    _listener: asyncio.Server | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/v1"

    def schedule(self, path_part: str, *faults: Fault) -> None:
        """The next requests whose path contains ``path_part`` get these faults, in order."""
        self._faults.extend((path_part, f) for f in faults)

    def count(self, method: str | None = None, path_part: str = "") -> int:
        return sum(
            1 for s in self.seen if (method is None or s.method == method) and path_part in s.path
        )

    async def start(self) -> None:
        self._listener = await asyncio.start_server(self._accept, "127.0.0.1", 0)
        self.port = self._listener.sockets[0].getsockname()[1]

    async def stop(self) -> None:
        if self._listener is not None:
            self._listener.close()
        for task in list(self._handlers):
            task.cancel()
        for task in list(self._handlers):
            with contextlib.suppress(BaseException):
                await task

    async def _accept(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._handlers.add(task)
        self.connections += 1
        conn = Conn(self.connections, reader, writer)
        try:
            if self.on_connect:
                action = self.on_connect.pop(0)
                if action == "reset":
                    conn.reset()
                    return
                writer.close()
                return
            while await self._one_request(conn):
                pass
        except (ConnectionError, asyncio.IncompleteReadError):
            pass
        finally:
            self._handlers.discard(task)
            if not writer.is_closing():
                writer.close()

    async def _one_request(self, conn: Conn) -> bool:
        try:
            head = await conn.reader.readuntil(b"\r\n\r\n")
        except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, ConnectionError):
            return False
        request_line, *header_lines = head.decode("latin-1").split("\r\n")
        method, target, _ = request_line.split(" ", 2)
        headers = {}
        for line in header_lines:
            if ":" in line:
                name, value = line.split(":", 1)
                headers[name.strip().lower()] = value.strip()
        body = await conn.reader.readexactly(int(headers.get("content-length", "0")))
        seen = Seen(method, target.split("?", 1)[0], headers, body, conn.number)
        self.seen.append(seen)
        self.arrived.set()
        fault = self._take_fault(seen.path)
        if fault is None:
            conn.write(normal_reply(seen))
            await conn.drain()
            return True
        return await fault(conn, seen)

    def _take_fault(self, path: str) -> Fault | None:
        for index, (part, fault) in enumerate(self._faults):
            if part in path:
                del self._faults[index]
                return fault
        return None


# -- the faults ------------------------------------------------------------------------------


async def reset_after_read(conn: Conn, seen: Seen) -> bool:
    conn.reset()
    return False


async def close_without_reply(conn: Conn, seen: Seen) -> bool:
    conn.writer.close()
    return False


def raw(data: bytes) -> Fault:
    """Send exactly ``data`` and close the connection."""

    async def fault(conn: Conn, seen: Seen) -> bool:
        conn.write(data)
        await conn.drain()
        conn.writer.close()
        return False

    return fault


TRUNCATED_CONTENT_LENGTH = raw(
    b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 400\r\n\r\n"
    b'{"success": true, "data": [{"id": 1'
)
TRUNCATED_CHUNKED = raw(
    b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
    b'10\r\n{"success": true\r\n'
)
GARBAGE_STATUS_LINE = raw(b"HTTZ/9.9 banana split\r\n\r\n")
CORRUPT_GZIP = raw(
    b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Encoding: gzip\r\n"
    b"Content-Length: 24\r\n\r\n" + gzip.compress(b'{"success": true}')[:10] + b"\x00" * 14
)


def stall(prefix: bytes = b"") -> Fault:
    """Send ``prefix`` (nothing, or headers and part of a body), then go quiet."""

    async def fault(conn: Conn, seen: Seen) -> bool:
        if prefix:
            conn.write(prefix)
            await conn.drain()
        await conn.wait_for_client_to_leave()
        return False

    return fault


SLOW_HEADERS = stall()
SLOW_BODY = stall(
    b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 400\r\n\r\n"
    b'{"success": true, '
)


def status(code: int, retry_after: str | None = None, body: Any = None) -> Fault:
    async def fault(conn: Conn, seen: Seen) -> bool:
        payload = (
            body
            if body is not None
            else {
                "success": False,
                "data": None,
                "meta": {"message": f"status {code}"},
            }
        )
        headers = {"Retry-After": retry_after} if retry_after is not None else {}
        conn.write(response(code, json.dumps(payload).encode(), headers))
        await conn.drain()
        return True

    return fault


def body(data: bytes, status_code: int = 200, content_type: str = "application/json") -> Fault:
    async def fault(conn: Conn, seen: Seen) -> bool:
        conn.write(response(status_code, data, {"Content-Type": content_type}))
        await conn.drain()
        return True

    return fault


def reply_then_close(conn_closed: asyncio.Event) -> Fault:
    """A normal reply, then the server drops the idle keep-alive connection."""

    async def fault(conn: Conn, seen: Seen) -> bool:
        conn.write(normal_reply(seen))
        await conn.drain()
        conn.writer.close()
        with contextlib.suppress(Exception):
            await conn.writer.wait_closed()
        conn_closed.set()
        return False

    return fault


def pause(until: asyncio.Event) -> Fault:
    """Hold the reply until the test says so, then answer normally."""

    async def fault(conn: Conn, seen: Seen) -> bool:
        await until.wait()
        conn.write(normal_reply(seen))
        await conn.drain()
        return True

    return fault


def reply_then_drop_next(conn: Conn, seen: Seen) -> Awaitable[bool]:
    """A normal reply; the next request on this connection is dropped unread (FIN)."""

    async def fault() -> bool:
        conn.write(normal_reply(seen))
        await conn.drain()
        with contextlib.suppress(Exception):
            await conn.reader.read(1)  # the next request starts arriving
        conn.writer.close()
        return False

    return fault()
