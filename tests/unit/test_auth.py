"""Authorization header, partner-only operations, missing tokens, environment variables, login."""

from __future__ import annotations

import json

import httpx
import pytest

from altegio_client import (
    Altegio,
    AuthenticationError,
    ConfigurationError,
    InvalidRequestError,
    LoggedIn,
    Secret,
    TwoFactorRequired,
    UserTokenRequiredError,
)

from .helpers import LOCATION, LOGIN, PARTNER, PASSWORD, USER, Recorder, envelope, make_client

STORAGES = [{"id": 36539, "title": "Consumables"}]


def ok(request: httpx.Request) -> httpx.Response:
    if request.url.path.endswith("/auth"):
        return envelope({"id": 1, "user_token": USER, "name": "James"}, status=201)
    if request.url.path.startswith("/api/v1/company/"):
        return envelope({"id": LOCATION, "title": "Main"})
    if request.url.path == "/api/v1/companies":
        return envelope([{"id": LOCATION, "title": "Main"}])
    return envelope(STORAGES)


async def test_user_token_operation_sends_partner_and_user_token() -> None:
    rec = Recorder(ok)
    async with make_client(rec) as api:
        storages = await api.location(LOCATION).inventory.get_location_inventories()
    assert [s.id for s in storages] == [36539]
    assert rec.count == 1
    assert rec.last.headers["Authorization"] == f"Bearer {PARTNER}, User {USER}"
    assert rec.last.headers["Accept"] == "application/vnd.api.v2+json"
    assert rec.last.url == f"https://api.alteg.io/api/v1/storages/{LOCATION}"


async def test_partner_only_operations_send_only_the_partner_token() -> None:
    rec = Recorder(ok)
    async with make_client(rec) as api:
        await api.location(LOCATION).locations.get_location()
        await api.authentication_b2b.authorize_user(body={"login": LOGIN, "password": PASSWORD})
    assert [r.url.path for r in rec.requests] == [f"/api/v1/company/{LOCATION}", "/api/v1/auth"]
    assert [r.headers["Authorization"] for r in rec.requests] == [f"Bearer {PARTNER}"] * 2


async def test_optional_user_operation_sends_the_user_token_only_when_set() -> None:
    # get_location_list accepts either header (its my=1 filter needs the user).
    rec = Recorder(ok)
    async with make_client(rec) as api:
        await api.locations.get_location_list()
        api.set_user_token(None)
        await api.locations.get_location_list()
    assert [r.headers["Authorization"] for r in rec.requests] == [
        f"Bearer {PARTNER}, User {USER}",
        f"Bearer {PARTNER}",
    ]


async def test_partner_only_operation_works_without_user_token() -> None:
    rec = Recorder(ok)
    async with make_client(rec, user_token=None) as api:
        location = await api.location(LOCATION).locations.get_location()
    assert location.id == LOCATION
    assert rec.last.headers["Authorization"] == f"Bearer {PARTNER}"


async def test_user_token_operation_without_user_token_sends_nothing() -> None:
    rec = Recorder(ok)
    async with make_client(rec, user_token=None) as api:
        with pytest.raises(UserTokenRequiredError, match=r"get_location_inventories\(\)"):
            await api.location(LOCATION).inventory.get_location_inventories()
        with pytest.raises(UserTokenRequiredError):
            await api.location(LOCATION).inventory.create_document(
                body={"create_date": "2026-01-01", "storage_id": 1, "type_id": 3}
            )
    assert rec.count == 0


def test_missing_partner_token_names_the_variable() -> None:
    with pytest.raises(ConfigurationError, match="ALTEGIO_PARTNER_TOKEN"):
        Altegio()
    with pytest.raises(ConfigurationError, match="ALTEGIO_PARTNER_TOKEN"):
        Altegio("", USER)


def test_negative_max_retries_is_a_configuration_error() -> None:
    with pytest.raises(ConfigurationError, match="max_retries"):
        Altegio(PARTNER, max_retries=-1)


async def test_environment_variables_are_honoured(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ALTEGIO_PARTNER_TOKEN", "env-partner")
    monkeypatch.setenv("ALTEGIO_USER_TOKEN", "env-user")
    monkeypatch.setenv("ALTEGIO_BASE_URL", "https://sandbox.example.test/api/v9")
    rec = Recorder(ok)
    async with Altegio(transport=httpx.MockTransport(rec), rate_limit=None) as api:
        assert api.user_token == Secret("env-user")
        await api.location(LOCATION).inventory.get_location_inventories()
    assert rec.last.url == f"https://sandbox.example.test/api/v9/storages/{LOCATION}"
    assert rec.last.headers["Authorization"] == "Bearer env-partner, User env-user"


async def test_explicit_arguments_win_over_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ALTEGIO_PARTNER_TOKEN", "env-partner")
    monkeypatch.setenv("ALTEGIO_USER_TOKEN", "env-user")
    monkeypatch.setenv("ALTEGIO_BASE_URL", "https://sandbox.example.test/api/v9")
    rec = Recorder(ok)
    async with make_client(rec, base_url="https://other.example.test/v1") as api:
        await api.location(LOCATION).inventory.get_location_inventories()
    assert rec.last.url == f"https://other.example.test/v1/storages/{LOCATION}"
    assert rec.last.headers["Authorization"] == f"Bearer {PARTNER}, User {USER}"


# -- login ---------------------------------------------------------------------------------


async def test_login_stores_the_token_and_hides_it() -> None:
    rec = Recorder(ok)
    async with make_client(rec, user_token=None) as api:
        result = await api.login(LOGIN, PASSWORD)
        await api.location(LOCATION).inventory.get_location_inventories()
        assert api.user_token == Secret(USER)
    assert isinstance(result, LoggedIn)
    assert result.user.id == 1
    assert result.user.name == "James"
    assert result.user_token.reveal() == USER
    assert USER not in repr(result)
    assert USER not in str(result.user.to_dict())
    login_request, call = rec.requests
    assert login_request.method == "POST"
    assert login_request.url.path == "/api/v1/auth"
    assert rec.bodies()[0] == {"login": LOGIN, "password": PASSWORD}
    assert login_request.headers["Authorization"] == f"Bearer {PARTNER}"
    assert call.headers["Authorization"] == f"Bearer {PARTNER}, User {USER}"


@pytest.mark.parametrize("status", [200, 201])
async def test_login_two_factor_reply(status: int) -> None:
    def respond(request: httpx.Request) -> httpx.Response:
        data = {"uuid": "3f1c-9a", "is_2fa": True, "temp_token": "do-not-show"}
        return envelope(data, status=status, meta={"message": "Enter the code from SMS"})

    rec = Recorder(respond)
    async with make_client(rec, user_token=None) as api:
        result = await api.login(LOGIN, PASSWORD)
        assert api.user_token is None
        with pytest.raises(UserTokenRequiredError):
            await api.location(LOCATION).inventory.get_location_inventories()
    assert result == TwoFactorRequired(
        uuid="3f1c-9a",
        message="Enter the code from SMS",
        details={"uuid": "3f1c-9a", "is_2fa": True},
    )
    assert "do-not-show" not in repr(result)
    assert PASSWORD not in repr(result)
    assert rec.count == 1


CHALLENGE = {
    "uuid": "5b0e-77",
    "flow": "sms",
    "transport": {"type": "sms", "recipient": "+1*******0175"},
    "ttl": 300,
    "attempts_left": "3",
}


async def test_two_factor_challenge_fields_are_typed() -> None:
    async with make_client(lambda r: envelope(CHALLENGE, status=201), user_token=None) as api:
        pending = await api.login(LOGIN, PASSWORD)
    assert isinstance(pending, TwoFactorRequired)
    assert (pending.uuid, pending.flow, pending.transport_type, pending.recipient) == (
        "5b0e-77",
        "sms",
        "sms",
        "+1*******0175",
    )
    assert (pending.ttl, pending.attempts_left, pending.message) == (300, 3, None)


async def test_confirm_login_sends_the_second_step_and_keeps_the_token() -> None:
    def respond(request: httpx.Request) -> httpx.Response:
        if not request.url.path.endswith("/auth"):
            return envelope(STORAGES)
        if "2fa" not in json.loads(request.content):
            return envelope(CHALLENGE, status=201)
        return envelope({"id": 1, "name": "James", "user_token": USER}, status=201)

    rec = Recorder(respond)
    async with make_client(rec, user_token=None) as api:
        pending = await api.login(LOGIN, PASSWORD)
        assert isinstance(pending, TwoFactorRequired)
        result = await api.confirm_login(pending, " 4711 ")
        assert isinstance(result, LoggedIn)
        assert api.user_token == Secret(USER)
        await api.location(LOCATION).inventory.get_location_inventories()
    assert rec.bodies()[1] == {
        "login": LOGIN,
        "password": PASSWORD,
        "2fa": {"uuid": "5b0e-77", "secret": "4711"},
    }
    assert [r.url.path for r in rec.requests[:2]] == ["/api/v1/auth", "/api/v1/auth"]
    assert rec.requests[1].headers["Authorization"] == f"Bearer {PARTNER}"
    assert rec.requests[2].headers["Authorization"] == f"Bearer {PARTNER}, User {USER}"


async def test_confirm_login_wrong_code_is_the_api_error() -> None:
    def respond(request: httpx.Request) -> httpx.Response:
        if "2fa" not in json.loads(request.content):
            return envelope(CHALLENGE, status=201)
        return envelope(None, status=401, success=False, meta={"message": "Wrong code"})

    async with make_client(respond, user_token=None) as api:
        pending = await api.login(LOGIN, PASSWORD)
        assert isinstance(pending, TwoFactorRequired)
        with pytest.raises(AuthenticationError) as caught:
            await api.confirm_login(pending, "1111")
        assert api.user_token is None
    assert "1111" not in str(caught.value)


@pytest.mark.parametrize("code", ["", "   "])
async def test_confirm_login_refuses_an_empty_code(code: str) -> None:
    rec = Recorder(lambda r: envelope(CHALLENGE, status=201))
    async with make_client(rec, user_token=None) as api:
        pending = await api.login(LOGIN, PASSWORD)
        assert isinstance(pending, TwoFactorRequired)
        with pytest.raises(InvalidRequestError):
            await api.confirm_login(pending, code)
        with pytest.raises(InvalidRequestError):
            await api.confirm_login(TwoFactorRequired(uuid="x"), "1234")
    assert rec.count == 1


async def test_login_wrong_password_is_authentication_error() -> None:
    def respond(request: httpx.Request) -> httpx.Response:
        return envelope(
            None, status=401, success=False, meta={"message": "Incorrect login or password"}
        )

    rec = Recorder(respond)
    async with make_client(rec, user_token=None) as api:
        with pytest.raises(AuthenticationError) as caught:
            await api.login(LOGIN, PASSWORD)
        assert api.user_token is None
    assert caught.value.status_code == 401
    assert caught.value.message == "Incorrect login or password"
    assert str(caught.value) == "HTTP 401: Incorrect login or password"
    assert PASSWORD not in str(caught.value)
    assert PASSWORD not in repr(caught.value)
    assert rec.count == 1


async def test_login_needs_login_and_password() -> None:
    rec = Recorder(ok)
    async with make_client(rec, user_token=None) as api:
        with pytest.raises(InvalidRequestError):
            await api.login(LOGIN, "")
    assert rec.count == 0
