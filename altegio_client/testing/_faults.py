"""Fault injection: make the fake fail the way a real network and API do.

``fake.fail_next("get_document", status=503)`` makes the next call of that operation answer
503; ``status="reset"`` drops the connection instead (the in-process transport raises the
``httpx.ReadError`` a reset connection raises), ``delay=`` answers late (on the fake's clock),
``times=`` repeats it. ``fake.fail_rate(0.2, seed=1)`` fails a fraction of calls, the same ones
on every run for a given seed. Injected faults come before the rate limit, authentication and
request validation: a faulted request is never checked, never counted and changes nothing.
"""

from __future__ import annotations

import random
import threading
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

__all__ = ["RESET", "ConnectionReset", "Fault", "FaultPlan", "FaultStatus", "FaultsAPI"]

RESET: Literal["reset"] = "reset"
FaultStatus = int | Literal["reset"]


class ConnectionReset(Exception):
    """Raised by the app for a ``"reset"`` fault; the transport turns it into httpx's error."""


@dataclass(frozen=True)
class Fault:
    """One injected failure: an error status or a dropped connection, after ``delay`` s."""

    status: FaultStatus | None = None
    delay: float = 0.0

    @property
    def reset(self) -> bool:
        return self.status == RESET


class FaultPlan:
    """The faults still to come, per operation, and the random ones."""

    def __init__(self) -> None:
        self._next: dict[str, deque[Fault]] = {}
        self._rate: tuple[float, Fault, frozenset[str] | None, random.Random] | None = None
        self._lock = threading.Lock()

    def add_next(self, operation: str, fault: Fault, times: int) -> None:
        with self._lock:
            self._next.setdefault(operation, deque()).extend([fault] * times)

    def set_rate(
        self, fraction: float, fault: Fault, operations: frozenset[str] | None, seed: int
    ) -> None:
        with self._lock:
            self._rate = (fraction, fault, operations, random.Random(seed)) if fraction else None

    def clear(self) -> None:
        with self._lock:
            self._next.clear()
            self._rate = None

    def take(self, operation: str | None) -> Fault | None:
        """The fault for this call, if any (consumes a ``fail_next`` one)."""
        with self._lock:
            if operation is not None:
                queued = self._next.get(operation)
                if queued:
                    return queued.popleft()
            if self._rate is None:
                return None
            fraction, fault, operations, rng = self._rate
            if operations is not None and operation not in operations:
                return None
            return fault if rng.random() < fraction else None


class FaultsAPI:
    """The fault-injection methods of ``FakeAltegio``."""

    faults: FaultPlan

    def fail_next(
        self,
        operation: str,
        status: FaultStatus | None = None,
        *,
        delay: float = 0.0,
        times: int = 1,
    ) -> None:
        """Make the next ``times`` calls of ``operation`` (an operationId) fail.

        ``status`` is the HTTP status to answer with (the vendor's error envelope) or
        ``"reset"`` for a dropped connection; ``delay`` seconds pass on the fake's clock first
        (with ``delay`` alone the call then goes through normally, only late).
        """
        if status is None and delay <= 0:
            raise ValueError("fail_next needs a status, 'reset' or a delay")
        _check_status(status)
        if times < 1:
            raise ValueError("times must be >= 1")
        self.faults.add_next(operation, Fault(status, delay), times)

    def fail_rate(
        self,
        fraction: float,
        status: FaultStatus = 500,
        *,
        delay: float = 0.0,
        operations: Iterable[str] | None = None,
        seed: int = 0,
    ) -> None:
        """Fail about ``fraction`` of calls (of ``operations``, or all), the same ones per ``seed``.

        ``fail_rate(0)`` switches it off; queued ``fail_next`` faults come first.
        """
        if not 0 <= fraction <= 1:
            raise ValueError("fraction must be between 0 and 1")
        _check_status(status)
        chosen = frozenset(operations) if operations is not None else None
        self.faults.set_rate(fraction, Fault(status, delay), chosen, seed)

    def clear_faults(self) -> None:
        """Forget every injected fault still to come."""
        self.faults.clear()


def _check_status(status: FaultStatus | None) -> None:
    if status is None or status == RESET:
        return
    if not isinstance(status, int) or not 400 <= status <= 599:
        raise ValueError(f"status must be an HTTP error status or 'reset', not {status!r}")
