"""Fixtures: a fault server per test, fast clients, and a leak check on every log line."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any

import httpx
import pytest

from altegio_client import Altegio, RetryPolicy
from altegio_client.models import DocumentRequestDict

from ._server import FaultServer

PARTNER = "partner-tok-Fault9Q"
USER = "user-tok-Fault9Z"
LOCATION = 4564
# Replies from this server take milliseconds; 2 s leaves room for a loaded host, so that no test
# sees a timeout it did not arrange. Tests of stalls use STALL_TIMEOUT, so they stay fast.
TIMEOUT = httpx.Timeout(2.0)
STALL_TIMEOUT = httpx.Timeout(0.3)
FAST_RETRY = RetryPolicy(initial_delay=0.01, max_delay=0.02, max_retry_after=2.0)

MakeClient = Callable[..., Altegio]


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("ALTEGIO_PARTNER_TOKEN", "ALTEGIO_USER_TOKEN", "ALTEGIO_BASE_URL", "ALTEGIO_LOG"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(autouse=True)
def no_token_in_logs(caplog: pytest.LogCaptureFixture) -> Iterator[None]:
    """Every test runs with DEBUG bodies on; no log line may carry a token."""
    caplog.set_level(logging.DEBUG, logger="altegio_client")
    yield
    for record in caplog.records:
        text = record.getMessage()
        assert PARTNER not in text, f"token in log: {text[:200]}"
        assert USER not in text, f"token in log: {text[:200]}"


@pytest.fixture
async def server() -> AsyncIterator[FaultServer]:
    state = FaultServer()
    await state.start()
    try:
        yield state
    finally:
        await state.stop()


@pytest.fixture
async def make_client(server: FaultServer) -> AsyncIterator[MakeClient]:
    """Clients on the fault server: short timeout, fast backoff, no client-side rate limit."""
    made: list[Altegio] = []

    def make(**options: Any) -> Altegio:
        options.setdefault("timeout", TIMEOUT)
        options.setdefault("retry_policy", FAST_RETRY)
        options.setdefault("rate_limit", None)
        options.setdefault("base_url", server.base_url)
        client = Altegio(PARTNER, USER, **options)
        made.append(client)
        return client

    yield make
    for client in made:
        await client.aclose()


GET_PATH = f"/storages/{LOCATION}"
POST_PATH = f"/storage_operations/documents/{LOCATION}"
DOC: DocumentRequestDict = {
    "create_date": "2026-09-21T23:00:00.000-05:00",
    "storage_id": 36539,
    "type_id": 3,
}


async def call(api: Altegio, method: str) -> Any:
    """One call of the given HTTP method against the fault server."""
    inventory = api.location(LOCATION).inventory
    if method == "GET":
        return await inventory.get_location_inventories()
    if method == "POST":
        return await inventory.create_document(body=DOC)
    if method == "PUT":
        return await inventory.update_document(7, body=DOC)
    return await inventory.delete_document(7)


def assert_no_token(error: BaseException) -> None:
    for text in (str(error), repr(error)):
        assert PARTNER not in text, text
        assert USER not in text, text
