"""Start and stop Prism, the OpenAPI mock server the contract tests talk to."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

__all__ = ["PrismError", "PrismServer", "find_prism", "start_prism"]

ROOT = Path(__file__).resolve().parents[2]
PRISM_BIN = ROOT / "node_modules" / ".bin" / "prism"
INSTALL_HINT = "install Node.js >= 18 with npm, then run `make node` (npm ci) in the project root"
READY_TIMEOUT = 30.0
STOP_TIMEOUT = 5.0


class PrismError(RuntimeError):
    """Prism is missing or would not start; the message says why and what it printed."""


class _PrismExited(PrismError):
    """Prism quit while starting (for instance, its port was taken meanwhile)."""


@dataclass
class PrismServer:
    """A running Prism: its URL, process and the file its output goes to."""

    url: str
    process: subprocess.Popen[bytes]
    log_path: Path

    def log_size(self) -> int:
        return self.log_path.stat().st_size

    def log_since(self, offset: int = 0) -> str:
        with self.log_path.open("rb") as log:
            log.seek(offset)
            return log.read().decode("utf-8", "replace")

    def stop(self) -> None:
        """Terminate Prism and reap it, killing it if it ignores SIGTERM."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(STOP_TIMEOUT)


def find_prism() -> list[str]:
    """The command that runs Prism, or PrismError naming what to install."""
    node = shutil.which("node")
    if node is None:
        raise PrismError(f"`node` is not on PATH: {INSTALL_HINT}")
    if not PRISM_BIN.exists():
        raise PrismError(f"Prism is not installed ({PRISM_BIN} is missing): {INSTALL_HINT}")
    return [node, str(PRISM_BIN)]


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _listening(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.2):
            return True
    except OSError:
        return False


def _launch(command: list[str], spec: Path, log_path: Path) -> PrismServer:
    port = _free_port()
    # --errors: a response that breaks the spec becomes a 500 instead of a logged warning, so
    # a wrong example cannot slip through; invalid requests get 422 and a missing
    # Authorization header 401 either way.
    args = [*command, "mock", str(spec), "--host", "127.0.0.1", "--port", str(port), "--errors"]
    with log_path.open("ab") as log:
        process = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT, cwd=ROOT)
    server = PrismServer(f"http://127.0.0.1:{port}", process, log_path)
    deadline = time.monotonic() + READY_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise _PrismExited(
                f"Prism exited with code {process.returncode} before listening:\n"
                + server.log_since()
            )
        if _listening(port):
            return server
        time.sleep(0.05)
    server.stop()
    raise PrismError(
        f"Prism did not listen on port {port} within {READY_TIMEOUT:.0f}s:\n" + server.log_since()
    )


def start_prism(spec: Path, log_path: Path, *, attempts: int = 3) -> PrismServer:
    """Run ``prism mock`` on a free loopback port and wait until it accepts connections.

    The port is picked by binding port 0 and closing it, so another process can grab it in
    between; a start where Prism quits early is retried on a new port.
    """
    command = find_prism()
    for _ in range(attempts - 1):
        try:
            return _launch(command, spec, log_path)
        except _PrismExited:
            continue
    return _launch(command, spec, log_path)
