"""Fixtures: a clean environment for every test and an instant, recording retry sleep."""

from __future__ import annotations

import functools
import random

import pytest

from altegio_client import _client, _retry


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """The developer's own ALTEGIO_* variables must not change what a test sees."""
    for name in ("ALTEGIO_PARTNER_TOKEN", "ALTEGIO_USER_TOKEN", "ALTEGIO_BASE_URL", "ALTEGIO_LOG"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(autouse=True)
def sleeps(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Retry delays, recorded instead of slept (autouse: no test waits for a backoff).

    Backoff jitter is pinned to its midpoint so delays are exact.

    ``send_with_retries`` binds ``asyncio.sleep`` as a default argument, so patching
    ``asyncio.sleep`` would not reach it: the client's reference is wrapped instead.
    """
    delays: list[float] = []

    async def record(delay: float) -> None:
        delays.append(delay)

    monkeypatch.setattr(
        _client, "send_with_retries", functools.partial(_retry.send_with_retries, sleep=record)
    )
    monkeypatch.setattr(random, "random", lambda: 0.5)
    return delays
