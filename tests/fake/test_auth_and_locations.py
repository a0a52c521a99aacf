"""Login, locations, and the 401/403/404/422 paths."""

from __future__ import annotations

import httpx
import pytest

from altegio_client import (
    Altegio,
    AuthenticationError,
    LocationScope,
    LoggedIn,
    NotFoundError,
    PermissionDeniedError,
    UnprocessableEntityError,
)
from altegio_client.testing import DemoSeed, FakeAltegio

from ._helpers import auth_header, known


def _client(fake: FakeAltegio, partner: str, user: str | None = None) -> Altegio:
    return Altegio(partner, user, transport=fake.transport, rate_limit=None, max_retries=0)


async def test_login_returns_the_user_token_that_then_works(
    fake: FakeAltegio, demo: DemoSeed
) -> None:
    async with _client(fake, demo.partner_token) as api:
        result = await api.login(demo.login, demo.password)
        assert isinstance(result, LoggedIn)
        assert result.user.id == demo.user_id
        assert result.user_token.reveal() == demo.user_token
        storages = await api.location(demo.location_id).inventory.get_location_inventories()
        assert [s.id for s in storages] == list(demo.storage_ids)


async def test_seeded_user_can_log_in(fake: FakeAltegio, demo: DemoSeed) -> None:
    user = fake.add_user("+13155550199", "s3cret", name="Sam", location_ids=[demo.location_id])
    assert "s3cret" not in repr(user)
    assert user.user_token not in repr(user)
    async with _client(fake, demo.partner_token) as api:
        result = await api.login("+13155550199", "s3cret")
        assert isinstance(result, LoggedIn)
        assert result.user_token.reveal() == user.user_token


async def test_wrong_password_is_401(fake: FakeAltegio, demo: DemoSeed) -> None:
    async with _client(fake, demo.partner_token) as api:
        with pytest.raises(AuthenticationError):
            await api.login(demo.login, demo.password + "x")


@pytest.mark.parametrize(
    ("partner_ok", "user_ok"),
    [(False, True), (True, False)],
    ids=["bad-partner-token", "bad-user-token"],
)
async def test_bad_tokens_are_401(
    fake: FakeAltegio, demo: DemoSeed, partner_ok: bool, user_ok: bool
) -> None:
    partner = demo.partner_token if partner_ok else "not-a-partner"
    user = demo.user_token if user_ok else "not-a-user"
    async with _client(fake, partner, user) as api:
        with pytest.raises(AuthenticationError) as caught:
            await api.location(demo.location_id).inventory.get_location_inventories()
    assert caught.value.status_code == 401
    assert caught.value.body["success"] is False


async def test_missing_tokens_are_401(fake: FakeAltegio, demo: DemoSeed) -> None:
    path = f"/storages/{demo.location_id}"
    async with httpx.AsyncClient(transport=fake.transport, base_url=fake.base_url) as raw:
        no_header = await raw.get(path)
        partner_only = await raw.get(path, headers=auth_header(demo.partner_token))
    for response in (no_header, partner_only):
        assert response.status_code == 401
        assert response.json()["meta"]["message"]


async def test_location_without_access_is_403(
    fake: FakeAltegio, api: Altegio, demo: DemoSeed
) -> None:
    other = fake.add_location("Somebody else's salon")
    storage = fake.add_storage(other, "Main")
    with pytest.raises(PermissionDeniedError):
        await api.location(other).inventory.get_location_inventories()
    fake.grant_access(demo.user_id, other)
    assert [s.id for s in await api.location(other).inventory.get_location_inventories()] == [
        storage
    ]


async def test_document_of_a_foreign_location_is_403(fake: FakeAltegio, api: Altegio) -> None:
    other = fake.add_location("Elsewhere")
    storage = fake.add_storage(other, "Main")
    stranger = fake.add_user("x@example.com", "pw", location_ids=[other])
    async with _client(fake, fake.demo.partner_token, stranger.user_token) as theirs:
        document = await theirs.location(other).inventory.create_document(
            body={"create_date": "2026-01-01", "storage_id": storage, "type_id": 3}
        )
    with pytest.raises(PermissionDeniedError):
        await api.inventory.get_document_product_transactions(known(document.id))


async def test_unknown_location_is_404(api: Altegio) -> None:
    with pytest.raises(NotFoundError):
        await api.location(424242).inventory.get_location_inventories()
    with pytest.raises(NotFoundError) as caught:
        await api.location(424242).locations.get_location()
    assert caught.value.body["errors"]["code"] == 404  # this operation's error shape


async def test_request_outside_the_spec_is_422(fake: FakeAltegio, demo: DemoSeed) -> None:
    headers = auth_header(demo.partner_token, demo.user_token)
    async with httpx.AsyncClient(transport=fake.transport, base_url=fake.base_url) as raw:
        wrong_type = await raw.post(
            f"/storage_operations/documents/{demo.location_id}",
            json={"create_date": "2026-01-01", "storage_id": "one", "type_id": 3},
            headers=headers,
        )
        bad_query = await raw.get(
            f"/storages/transactions/{demo.location_id}", params={"page": "x"}, headers=headers
        )
    assert wrong_type.status_code == 422
    assert wrong_type.json() == {
        "success": False,
        "data": None,
        "meta": {
            "message": "The request does not match the API description",
            "errors": {"storage_id": ["'one' is not of type 'integer'"]},
        },
    }
    assert bad_query.status_code == 422
    assert "page" in bad_query.json()["meta"]["errors"]


async def test_semantic_422_reaches_the_client(shop: LocationScope, demo: DemoSeed) -> None:
    with pytest.raises(UnprocessableEntityError) as caught:
        await shop.inventory.create_document(
            body={"create_date": "2026-01-01", "storage_id": demo.storage_ids[0], "type_id": 99}
        )
    assert caught.value.errors == {"type_id": ["unknown document type 99"]}


async def test_location_crud_round_trip(api: Altegio, demo: DemoSeed) -> None:
    created = await api.locations.create_location(
        body={
            "title": "Second salon",
            "city_id": 2,
            "coordinate_lat": 40.7,
            "coordinate_lot": -73.9,
        }
    )
    assert (created.title, created.city_id, created.coordinate_lon) == ("Second salon", 2, -73.9)
    scoped = api.location(known(created.id))
    assert (await scoped.locations.get_location()).title == "Second salon"
    listed = await api.locations.get_location_list()
    assert {loc.id for loc in listed} == {demo.location_id, created.id}
    # my=1 needs the user token, which the client sends with this operation when it has one.
    assert {loc.id for loc in await api.locations.get_location_list(my=1)} == {
        demo.location_id,
        created.id,
    }
    assert [loc.id for loc in await api.locations.get_location_list(city_id=2)] == [created.id]

    updated = await scoped.locations.update_location(body={"title": "Renamed", "zip": "11435"})
    assert (updated.title, updated.zip_) == ("Renamed", "11435")
    assert (await scoped.locations.get_location()).zip_ == "11435"

    await scoped.locations.delete_location()
    with pytest.raises(NotFoundError):
        await scoped.locations.get_location()
    assert created.id not in [loc.id for loc in await api.locations.get_location_list()]


async def test_my_locations_with_a_user_token(fake: FakeAltegio, demo: DemoSeed) -> None:
    fake.add_location("Not mine")
    headers = auth_header(demo.partner_token, demo.user_token)
    async with httpx.AsyncClient(transport=fake.transport, base_url=fake.base_url) as raw:
        mine = await raw.get("/companies", params={"my": 1}, headers=headers)
        every = await raw.get("/companies", headers=headers)
    assert [loc["id"] for loc in mine.json()["data"]] == [demo.location_id]
    assert len(every.json()["data"]) == 2
