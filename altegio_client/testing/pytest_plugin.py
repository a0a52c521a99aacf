"""pytest plugin of the ``testing`` extra: a fake Altegio, a client wired to it, a virtual clock.

Registered through the ``pytest11`` entry point, so installing ``altegio-client[testing]`` is all
it takes. Fixtures (function scope):

``altegio_clock``
    A ``VirtualClock``: the fake's rate limits, injected delays, the client's limiter and the
    retries' back-off all run on it, so nothing sleeps for real.
``altegio_fake``
    A ``FakeAltegio`` with the demo data (``altegio_fake.demo``) on that clock; no server-side
    rate limit unless asked.
``altegio``
    An ``Altegio`` client logged in as the demo user (partner and user tokens), on the fake's
    transport and the same clock; no client-side rate limit unless asked. Closed after the test.

Ask for limits, or pass other options, with the marker::

    @pytest.mark.altegio(limits=True, max_retries=0)

``limits=True`` gives the fake the vendor's 5/s and 200/min and the client its default limiter
(``limits=RateLimit(...)`` sets both to that); ``fake={...}`` goes to ``FakeAltegio``; every
other keyword goes to ``Altegio``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import TYPE_CHECKING, Any

import pytest
import pytest_asyncio

if TYPE_CHECKING:
    from altegio_client import Altegio

    from ._fake import FakeAltegio
    from ._virtual_clock import VirtualClock

__all__ = ["altegio", "altegio_clock", "altegio_fake"]

MARKER = "altegio"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        f"{MARKER}(limits=False, fake=None, **client_options): options for the altegio and "
        "altegio_fake fixtures of altegio-client's testing kit",
    )


def _marker_options(request: pytest.FixtureRequest) -> dict[str, Any]:
    marker = request.node.get_closest_marker(MARKER)
    return dict(marker.kwargs) if marker is not None else {}


@pytest.fixture
def altegio_clock() -> VirtualClock:
    """The virtual clock shared by ``altegio_fake`` and ``altegio``."""
    from ._virtual_clock import VirtualClock

    return VirtualClock()


@pytest.fixture
def altegio_fake(request: pytest.FixtureRequest, altegio_clock: VirtualClock) -> FakeAltegio:
    """A ``FakeAltegio`` with the demo data, on the virtual clock."""
    from .._limiter import RateLimit
    from ._fake import FakeAltegio

    options = _marker_options(request)
    limits = options.get("limits", False)
    fake_options: dict[str, Any] = dict(options.get("fake") or {})
    if isinstance(limits, RateLimit):
        fake_options.setdefault("rate_limit", limits)
    elif not limits:
        fake_options.setdefault("rate_limit", None)
    fake_options.setdefault("rate_clock", altegio_clock)
    return FakeAltegio(**fake_options)


@pytest_asyncio.fixture
async def altegio(
    request: pytest.FixtureRequest, altegio_fake: FakeAltegio, altegio_clock: VirtualClock
) -> AsyncIterator[Altegio]:
    """An ``Altegio`` client for the demo user, wired to ``altegio_fake``."""
    from .._client import DEFAULT_RATE_LIMIT
    from .._limiter import RateLimit

    options = _marker_options(request)
    limits = options.pop("limits", False)
    options.pop("fake", None)
    if isinstance(limits, RateLimit):
        options.setdefault("rate_limit", limits)
    elif limits:
        options.setdefault("rate_limit", DEFAULT_RATE_LIMIT)
    options.setdefault("clock", altegio_clock)
    async with altegio_fake.client(**options) as api:
        yield api
