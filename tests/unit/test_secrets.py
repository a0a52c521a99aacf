"""Tokens and the password stay out of reprs, exception text and logs (even at DEBUG)."""

from __future__ import annotations

import logging
import re

import httpx
import pytest

from altegio_client import (
    AuthenticationError,
    InvalidRequestError,
    NotFoundError,
    TwoFactorRequired,
    UserTokenRequiredError,
)

from .helpers import LOCATION, LOGIN, PARTNER, PASSWORD, USER, Recorder, envelope, make_client

SECRETS = (PARTNER, USER, PASSWORD)


def assert_no_secret(text: str) -> None:
    for secret in SECRETS:
        assert secret not in text


def respond(request: httpx.Request) -> httpx.Response:
    path = request.url.path
    if path == "/api/v1/auth":
        if b"wrong" in request.content:
            meta = {"message": "Incorrect login or password"}
            return envelope(None, status=401, success=False, meta=meta)
        return envelope({"id": 1, "user_token": USER, "name": "James"}, status=201)
    if path == f"/api/v1/storages/{LOCATION}":
        return envelope([{"id": 36539, "title": "Consumables"}])
    meta = {"message": "Document not found"}
    return envelope(None, status=404, success=False, meta=meta, headers={"X-Request-Id": "r-404"})


async def test_reprs_hide_tokens() -> None:
    async with make_client(Recorder(respond)) as api:
        shop = api.location(LOCATION)
        texts = [
            repr(api),
            str(api),
            repr(api.with_options(max_retries=0)),
            repr(shop),
            repr(shop.inventory),
            repr(shop.inventory.with_raw_response),
            repr(api.locations),
            repr(api.user_token),
            str(api.user_token),
            repr(api._shared),
        ]
        for text in texts:
            assert_no_secret(text)
        assert repr(api) == (
            "Altegio(base_url='https://api.alteg.io/api/v1/', partner_token='***', "
            "user_token=set, max_retries=2)"
        )
        assert repr(shop) == f"LocationScope({LOCATION})"


async def test_exceptions_hide_tokens_and_password() -> None:
    async with make_client(Recorder(respond), user_token=None) as api:
        with pytest.raises(AuthenticationError) as failed_login:
            await api.login(LOGIN, f"wrong-{PASSWORD}")
        with pytest.raises(UserTokenRequiredError) as no_token:
            await api.location(LOCATION).inventory.get_document(1)
        api.set_user_token(USER)
        with pytest.raises(NotFoundError) as not_found:
            await api.location(LOCATION).inventory.get_document(1)
    for error in (failed_login.value, no_token.value, not_found.value):
        assert_no_secret(str(error))
        assert_no_secret(repr(error))
        assert_no_secret(str(error.args))
    assert str(not_found.value) == "HTTP 404: Document not found (request id r-404)"


async def test_login_results_hide_the_token() -> None:
    async with make_client(Recorder(respond), user_token=None) as api:
        result = await api.login(LOGIN, PASSWORD)
    assert_no_secret(repr(result))
    assert_no_secret(str(result))

    def two_factor(request: httpx.Request) -> httpx.Response:
        return envelope({"uuid": "u-1", "user_token_hint": USER, "token": USER}, status=201)

    async with make_client(Recorder(two_factor), user_token=None) as api:
        pending = await api.login(LOGIN, PASSWORD)
    assert isinstance(pending, TwoFactorRequired)
    assert pending.details == {"uuid": "u-1"}
    assert pending.uuid == "u-1"
    assert_no_secret(repr(pending))
    assert_no_secret(str(pending))


INFO_LINE = re.compile(r"^(GET|POST) (/\S+) -> (\d{3}) in \d+ms \(retries=(\d+)\)$")


async def test_debug_logs_hide_secrets_and_info_has_one_line_per_call(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG, logger="altegio_client")
    async with make_client(Recorder(respond), user_token=None) as api:
        await api.login(LOGIN, PASSWORD)
        await api.location(LOCATION).inventory.get_location_inventories()
        with pytest.raises(NotFoundError):
            await api.location(LOCATION).inventory.get_document(9)
        with pytest.raises(AuthenticationError):
            await api.login(LOGIN, f"wrong-{PASSWORD}")

    assert_no_secret(caplog.text)
    for record in caplog.records:
        assert_no_secret(record.getMessage())

    info = [r.getMessage() for r in caplog.records if r.levelno == logging.INFO]
    parsed = [INFO_LINE.match(line) for line in info]
    assert all(parsed), info
    assert [m.groups() for m in parsed if m] == [
        ("POST", "/api/v1/auth", "201", "0"),
        ("GET", f"/api/v1/storages/{LOCATION}", "200", "0"),
        ("GET", f"/api/v1/storage_operations/documents/{LOCATION}/9", "404", "0"),
        ("POST", "/api/v1/auth", "401", "0"),
    ]
    debug = "\n".join(r.getMessage() for r in caplog.records if r.levelno == logging.DEBUG)
    # the bodies really are logged at DEBUG, with the secrets masked
    assert f'"login": "{LOGIN}"' in debug
    assert '"password": "***"' in debug
    assert '"user_token": "***"' in debug
    assert "Document not found" in debug


async def test_retry_lines_are_logged_and_counted(caplog: pytest.LogCaptureFixture) -> None:
    replies = [503, 200]

    def flaky(request: httpx.Request) -> httpx.Response:
        code = replies.pop(0)
        return envelope([] if code == 200 else None, status=code, success=code == 200)

    caplog.set_level(logging.INFO, logger="altegio_client")
    async with make_client(Recorder(flaky)) as api:
        await api.location(LOCATION).inventory.get_location_inventories()
    lines = [r.getMessage() for r in caplog.records]
    assert len(lines) == 2
    assert lines[0] == f"GET /api/v1/storages/{LOCATION} -> 503, retry 1 in 0.38s"
    final = INFO_LINE.match(lines[1])
    assert final is not None
    assert final.groups() == ("GET", f"/api/v1/storages/{LOCATION}", "200", "1")


@pytest.mark.parametrize("password", [PASSWORD.encode(), [PASSWORD], {"value": PASSWORD}])
async def test_wrongly_typed_password_is_not_echoed(password: object) -> None:
    rec = Recorder(respond)
    async with make_client(rec, user_token=None) as api:
        with pytest.raises(InvalidRequestError, match=r"body\.password must be str") as caught:
            await api.authentication_b2b.authorize_user(
                body={"login": LOGIN, "password": password}  # type: ignore[arg-type]
            )
    assert PASSWORD not in str(caught.value)
    assert rec.count == 0
