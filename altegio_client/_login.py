"""Reading the reply of POST /auth: a user token, or a request for a second factor."""

from __future__ import annotations

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
    """The API wants a confirmation step before it hands out a user token.

    The vendor does not document this reply's fields, so ``details`` carries the reply's
    ``data`` as sent (minus anything secret) and ``message`` the API's explanation.
    """

    message: str | None
    details: dict[str, Any]


LoginResult = LoggedIn | TwoFactorRequired


def read_login_reply(reply: APIResponse[AuthUser]) -> tuple[LoginResult, Secret | None]:
    """Split the reply into what the caller sees and the token the client keeps."""
    from ._generated.types import UNSET  # the generated package loads on first use only

    user = reply.data
    token = getattr(user, "user_token", None)
    if isinstance(token, str) and token:
        secret = Secret(token)
        assert user is not None
        user.user_token = UNSET  # the client holds it; keep it out of reprs and logs
        return LoggedIn(user=user, user_token=secret), secret
    envelope = reply.envelope if isinstance(reply.envelope, dict) else {}
    data = envelope.get("data")
    meta = envelope.get("meta")
    message = meta.get("message") if isinstance(meta, dict) else None
    details = {k: v for k, v in data.items() if "token" not in k} if isinstance(data, dict) else {}
    return TwoFactorRequired(message=message, details=details), None
