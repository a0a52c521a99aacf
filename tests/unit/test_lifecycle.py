"""`with_options` copies share pool, tokens and limiter; closing closes them all."""

from __future__ import annotations

import httpx
import pytest

from altegio_client import AltegioError, RateLimit, Secret, UserTokenRequiredError

from .helpers import LOCATION, LOGIN, PARTNER, PASSWORD, USER, Recorder, envelope, make_client


def respond(request: httpx.Request) -> httpx.Response:
    if request.url.path.endswith("/auth"):
        return envelope({"id": 1, "user_token": USER}, status=201)
    return envelope([])


async def test_with_options_shares_pool_credentials_and_limiter() -> None:
    rec = Recorder(respond)
    async with make_client(rec, user_token=None, rate_limit=RateLimit()) as api:
        copy = api.with_options(max_retries=0, timeout=3.0)
        assert copy._shared is api._shared
        assert copy._shared.http is api._shared.http
        assert (copy.max_retries, api.max_retries) == (0, 2)
        assert copy.timeout == 3.0
        assert copy.rate_limit == api.rate_limit == RateLimit()

        await copy.login(LOGIN, PASSWORD)
        assert api.user_token == Secret(USER)
        await api.location(LOCATION).inventory.get_location_inventories()
        assert rec.last.headers["Authorization"] == f"Bearer {PARTNER}, User {USER}"

        api.set_user_token(None)
        assert copy.user_token is None
        with pytest.raises(UserTokenRequiredError):
            await copy.location(LOCATION).inventory.get_location_inventories()
        copy.set_user_token("another-user")
        await api.location(LOCATION).inventory.get_location_inventories()
        assert rec.last.headers["Authorization"] == f"Bearer {PARTNER}, User another-user"
    assert rec.count == 3


async def test_with_options_timeout_reaches_the_request() -> None:
    seen: list[dict[str, float | None]] = []

    def record_timeout(request: httpx.Request) -> httpx.Response:
        seen.append(request.extensions["timeout"])
        return envelope([])

    async with make_client(record_timeout, timeout=12.0) as api:
        await api.location(LOCATION).inventory.get_location_inventories()
        await api.with_options(timeout=2.5).location(LOCATION).inventory.get_location_inventories()
    assert [t["read"] for t in seen] == [12.0, 2.5]


async def test_async_with_closes_the_pool() -> None:
    rec = Recorder(respond)
    async with make_client(rec) as api:
        await api.location(LOCATION).inventory.get_location_inventories()
    assert api._shared.http.is_closed
    with pytest.raises(AltegioError, match="closed"):
        await api.location(LOCATION).inventory.get_location_inventories()
    assert rec.count == 1


async def test_closing_a_copy_closes_the_original() -> None:
    rec = Recorder(respond)
    api = make_client(rec)
    copy = api.with_options(max_retries=0)
    await copy.aclose()
    assert api._shared.http.is_closed
    with pytest.raises(AltegioError, match="closed"):
        await api.location(LOCATION).inventory.get_location_inventories()
    assert rec.count == 0
