"""Throwaway servers in child processes: a ``redis-server`` on a unix socket and the served fake.

Both are context managers that start the process, wait until it answers, and stop it (and wait
for it) on the way out, so a test or demo never leaves one running.
"""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = ["FakeServer", "RedisServer", "fake_server", "redis_server"]

REDIS_MISSING = (
    "redis-server not found: install it (Debian/Ubuntu: "
    "apt-get install -y --no-install-recommends redis-server; or `make redis`)"
)


@dataclass
class RedisServer:
    """A running redis-server; ``url`` is ``unix://<socket>`` for redis-py and taskiq-redis."""

    socket_path: Path
    process: subprocess.Popen[bytes] = field(repr=False)

    @property
    def url(self) -> str:
        return f"unix://{self.socket_path}"


@contextmanager
def redis_server(directory: Path | None = None) -> Iterator[RedisServer]:
    """A private redis-server (no TCP port, no persistence) in ``directory`` or a temp dir."""
    binary = shutil.which("redis-server")
    if binary is None:
        raise RuntimeError(REDIS_MISSING)
    with tempfile.TemporaryDirectory(prefix="altegio-redis-") as temp:
        where = Path(directory or temp)
        sock = where / "redis.sock"
        cmd = [
            binary,
            "--port", "0",
            "--unixsocket", str(sock),
            "--unixsocketperm", "700",
            "--save", "",
            "--appendonly", "no",
            "--dir", str(where),
            "--loglevel", "warning",
        ]  # fmt: skip
        process = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        try:
            _wait_for(lambda: _redis_answers(sock), process, "redis-server")
            yield RedisServer(sock, process)
        finally:
            _stop(process)


def _redis_answers(path: Path) -> bool:
    if not path.exists():
        return False
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as conn:
        conn.settimeout(1)
        try:
            conn.connect(str(path))
            conn.sendall(b"PING\r\n")
            return conn.recv(16).startswith(b"+PONG")
        except OSError:
            return False


@dataclass
class FakeServer:
    """A served ``FakeAltegio`` (see ``altegio_client.testing.serve``) and its connection info."""

    info: dict[str, Any]
    process: subprocess.Popen[bytes] = field(repr=False)

    @property
    def base_url(self) -> str:
        return str(self.info["base_url"])

    def stats(self) -> dict[str, Any]:
        """Requests the server answered, and how many with 429."""
        return self._call("/__stats", "GET")

    def reset(self) -> None:
        self._call("/__reset", "POST")

    def _call(self, path: str, method: str) -> dict[str, Any]:
        request = urllib.request.Request(self.info["origin"] + path, method=method)
        with urllib.request.urlopen(request, timeout=5) as reply:
            data: dict[str, Any] = json.loads(reply.read())
            return data


@contextmanager
def fake_server(
    *, per_second: int | None = 5, per_minute: int | None = 200, locations: int = 1
) -> Iterator[FakeServer]:
    """The fake under uvicorn on a free loopback port, enforcing the given limits per address."""
    with tempfile.TemporaryDirectory(prefix="altegio-fake-") as temp:
        info_path = Path(temp) / "info.json"
        cmd = [
            sys.executable, "-m", "altegio_client.testing.serve",
            "--info", str(info_path),
            "--per-second", str(per_second or 0),
            "--per-minute", str(per_minute or 0),
            "--locations", str(locations),
        ]  # fmt: skip
        process = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        try:
            _wait_for(info_path.exists, process, "the fake API server", timeout=60)
            info = json.loads(info_path.read_text(encoding="utf-8"))
            yield FakeServer(info, process)
        finally:
            _stop(process)


def _wait_for(ready: Any, process: subprocess.Popen[bytes], what: str, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while not ready():
        if process.poll() is not None:
            err = process.stderr.read().decode(errors="replace")[-2000:] if process.stderr else ""
            raise RuntimeError(f"{what} exited with {process.returncode}: {err.strip()}")
        if time.monotonic() > deadline:
            raise RuntimeError(f"{what} did not start within {timeout:.0f} s")
        time.sleep(0.02)


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    if process.stderr is not None:
        process.stderr.close()
