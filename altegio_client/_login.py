"""Reading the reply of POST /auth: a user token, or a request for a second factor."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ._credentials import Secret

if TYPE_CHECKING:
    from ._generated.models.auth_user import AuthUser
    from ._response import APIResponse

__all__ = ["LoggedIn", "LoginResult", "TwoFactorRequired", "read_login_reply"]


@dataclass(frozen=True)
class LoggedIn:
    """The user is signed in; ``user`` is their profile (its token field is cleared)."""

    user: AuthUser
    user_token: Secret = field(repr=False)


@dataclass(frozen=True)
class TwoFactorRequired:
    """The API sent the user a code and wants it before it hands out a user token.

    Pass it to ``await api.confirm_login(pending, code)``. The fields follow the challenge
    schema the overlay adds (``two_factor_challenge``, inferred: the vendor's bundle does not
    document this reply); a field the reply left out reads ``None``. ``details`` is the reply's
    ``data`` as sent, minus anything secret. The login and password needed for the second step
    are kept out of the repr and of comparisons.
    """

    uuid: str
    message: str | None = None
    flow: str | None = None
    transport_type: str | None = None
    recipient: str | None = None
    ttl: int | None = None
    attempts_left: int | None = None
    details: Mapping[str, Any] = field(default_factory=dict)
    login: Secret | None = field(default=None, repr=False, compare=False)
    password: Secret | None = field(default=None, repr=False, compare=False)


LoginResult = LoggedIn | TwoFactorRequired


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def _number(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value)
    return None


def read_login_reply(
    reply: APIResponse[AuthUser], *, login: str, password: str
) -> tuple[LoginResult, Secret | None]:
    """Split the reply into what the caller sees and the token the client keeps."""
    user = reply.data
    token = getattr(user, "user_token", None)
    if isinstance(token, str) and token:
        secret = Secret(token)
        assert user is not None
        del user.user_token  # the client holds it; keep it out of reprs and logs
        return LoggedIn(user=user, user_token=secret), secret
    envelope = reply.envelope if isinstance(reply.envelope, dict) else {}
    data = envelope.get("data")
    data = data if isinstance(data, dict) else {}
    transport = data.get("transport")
    transport = transport if isinstance(transport, dict) else {}
    details = {k: v for k, v in data.items() if "token" not in k and "secret" not in k}
    pending = TwoFactorRequired(
        uuid=str(data.get("uuid") or ""),
        message=reply.meta.message,
        flow=_text(data.get("flow")),
        transport_type=_text(transport.get("type", data.get("transport_type"))),
        recipient=_text(transport.get("recipient", data.get("recipient"))),
        ttl=_number(data.get("ttl")),
        attempts_left=_number(data.get("attempts_left")),
        details=details,
        login=Secret(login),
        password=Secret(password),
    )
    return pending, None
