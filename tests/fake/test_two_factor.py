"""Two-factor sign-in against the fake, end to end: challenge, code, token; wrong codes; secrets."""

from __future__ import annotations

import logging

import pytest

from altegio_client import Altegio, AuthenticationError, LoggedIn, TwoFactorRequired
from altegio_client.testing import DemoSeed, FakeAltegio

PHONE = "+13155550142"
PASSWORD = "pw-2fa-Qz8"
CODE = "864213"


def _client(fake: FakeAltegio, demo: DemoSeed) -> Altegio:
    return Altegio(
        demo.partner_token, None, transport=fake.transport, rate_limit=None, max_retries=0
    )


@pytest.fixture
def two_factor_user(fake: FakeAltegio, demo: DemoSeed) -> str:
    user = fake.add_user(
        PHONE,
        PASSWORD,
        phone=PHONE,
        location_ids=[demo.location_id],
        two_factor=True,
        two_factor_code=CODE,
    )
    return user.user_token


async def test_login_then_confirm_keeps_the_user_token(
    fake: FakeAltegio, demo: DemoSeed, two_factor_user: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="altegio_client")
    async with _client(fake, demo) as api:
        pending = await api.login(PHONE, PASSWORD)
        assert isinstance(pending, TwoFactorRequired)
        assert api.user_token is None
        assert pending.uuid
        assert pending.flow == "sms"
        assert pending.transport_type == "sms"
        assert pending.recipient is not None
        assert pending.recipient.endswith(PHONE[-4:])
        assert pending.ttl == 300
        assert pending.attempts_left == 3
        assert PASSWORD not in repr(pending)

        result = await api.confirm_login(pending, CODE)
        assert isinstance(result, LoggedIn)
        assert result.user_token.reveal() == two_factor_user
        assert api.user_token is not None
        assert api.user_token.reveal() == two_factor_user
        storages = await api.location(demo.location_id).inventory.get_location_inventories()
        assert [s.id for s in storages] == list(demo.storage_ids)
    logged = caplog.text + repr(result)
    for secret in (PASSWORD, CODE, two_factor_user):
        assert secret not in logged


async def test_wrong_code_is_401_and_attempts_run_out(
    fake: FakeAltegio, demo: DemoSeed, two_factor_user: str
) -> None:
    async with _client(fake, demo) as api:
        pending = await api.login(PHONE, PASSWORD)
        assert isinstance(pending, TwoFactorRequired)
        for _ in range(3):
            with pytest.raises(AuthenticationError) as caught:
                await api.confirm_login(pending, "000000")
            assert CODE not in str(caught.value)
        with pytest.raises(AuthenticationError):  # the challenge is used up, even the right code
            await api.confirm_login(pending, CODE)
        assert api.user_token is None
        again = await api.login(PHONE, PASSWORD)
        assert isinstance(again, TwoFactorRequired)
        assert again.uuid != pending.uuid
        assert isinstance(await api.confirm_login(again, CODE), LoggedIn)


async def test_default_code_and_users_without_two_factor(fake: FakeAltegio, demo: DemoSeed) -> None:
    from altegio_client.testing._seed import TWO_FACTOR_CODE

    fake.add_user("2fa@example.com", PASSWORD, two_factor=True)
    async with _client(fake, demo) as api:
        pending = await api.login("2fa@example.com", PASSWORD)
        assert isinstance(pending, TwoFactorRequired)
        assert isinstance(await api.confirm_login(pending, TWO_FACTOR_CODE), LoggedIn)
        assert isinstance(await api.login(demo.login, demo.password), LoggedIn)
