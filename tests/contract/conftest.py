"""Fixtures for the contract tests: one Prism for the session, one client per test.

Prism serves the corrected spec with request validation on, so every call the SDK makes is
checked against the same document the SDK was generated from.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Generator, Iterator
from typing import Any

import httpx
import pytest

from altegio_client import Altegio

from ._prism import PrismError, PrismServer, start_prism
from ._spec import SPEC_PATH

_LOG_MARK = pytest.StashKey[tuple[PrismServer, int]]()


@pytest.fixture(scope="session")
def prism_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PrismServer]:
    """Prism mocking the shipped spec on a free loopback port; stopped after the session."""
    log_path = tmp_path_factory.mktemp("prism") / "prism.log"
    try:
        server = start_prism(SPEC_PATH, log_path)
    except PrismError as exc:
        problem = str(exc)
    else:
        problem = ""
    if problem:
        # Not a skip: contract tests that silently do not run would hide a broken client.
        pytest.fail(f"cannot run the contract tests: {problem}", pytrace=False)
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def prism(prism_server: PrismServer, request: pytest.FixtureRequest) -> PrismServer:
    """The session's Prism; what it logs during a failing test is added to the report."""
    if prism_server.process.poll() is not None:
        pytest.fail(
            f"Prism has exited (code {prism_server.process.returncode}):\n"
            + prism_server.log_since(),
            pytrace=False,
        )
    request.node.stash[_LOG_MARK] = (prism_server, prism_server.log_size())
    return prism_server


class RecordingTransport(httpx.AsyncBaseTransport):
    """The real network transport, keeping every exchange so tests can read the wire.

    The SDK asks for the vendor media type (``Accept: application/vnd.api.v2+json``), which
    the spec does not declare: its responses are ``application/json``, so Prism would answer
    406. The request is recorded as the SDK built it and forwarded asking for JSON.
    """

    def __init__(self) -> None:
        self._inner = httpx.AsyncHTTPTransport()
        self.exchanges: list[tuple[httpx.Request, httpx.Response]] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        headers = httpx.Headers(request.headers)
        headers["Accept"] = "application/json, */*;q=0.1"  # a file reply (PDF) stays servable
        forwarded = httpx.Request(
            request.method,
            request.url,
            headers=headers,
            content=request.content,
            extensions=request.extensions,
        )
        response = await self._inner.handle_async_request(forwarded)
        self.exchanges.append((request, response))
        return response

    async def aclose(self) -> None:
        await self._inner.aclose()


@pytest.fixture
def transport() -> RecordingTransport:
    return RecordingTransport()


@pytest.fixture
async def api(prism: PrismServer, transport: RecordingTransport) -> AsyncIterator[Altegio]:
    """The public client pointed at Prism: no limiter and no retries, so a failure shows."""
    async with Altegio(
        partner_token="p",
        user_token="u",
        base_url=prism.url,
        rate_limit=None,
        max_retries=0,
        transport=transport,
    ) as client:
        yield client


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    report = yield
    mark: Any = item.stash.get(_LOG_MARK, None)
    if report.failed and mark is not None:
        server, offset = mark
        report.sections.append(("Prism output during this test", server.log_since(offset)))
    return report
