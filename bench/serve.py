"""Start and stop the bench server in a child process (see bench/server.py)."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


class Server:
    """A running bench server: its URLs and its counters."""

    def __init__(self, port: int) -> None:
        self.origin = f"http://127.0.0.1:{port}"
        self.base_url = f"{self.origin}/api/v1"

    def _get(self, path: str, method: str = "GET") -> dict[str, int]:
        request = urllib.request.Request(self.origin + path, method=method)
        with urllib.request.urlopen(request, timeout=5) as reply:
            data: dict[str, int] = json.loads(reply.read())
            return data

    def stats(self) -> dict[str, int]:
        return self._get("/__stats")

    def reset(self) -> None:
        self._get("/__reset", method="POST")


@contextmanager
def running_server(
    per_second: int | None = None, per_minute: int | None = None
) -> Iterator[Server]:
    """A fresh server process for the duration of the ``with`` block."""
    port = free_port()
    cmd = [sys.executable, "-m", "bench.server", "--port", str(port)]
    if per_second:
        cmd += ["--per-second", str(per_second)]
    if per_minute:
        cmd += ["--per-minute", str(per_minute)]
    proc = subprocess.Popen(cmd, cwd=ROOT)
    server = Server(port)
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                server.stats()
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("the bench server did not start") from None
                time.sleep(0.05)
        yield server
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
