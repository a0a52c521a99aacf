"""Tokens and the Authorization header, kept out of every repr and message."""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["Credentials", "Secret"]


class Secret:
    """A string that prints as '***' so it cannot leak through logs, reprs or tracebacks."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return "Secret('***')"

    __str__ = __repr__

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other._value == self._value

    def __hash__(self) -> int:
        return hash(self._value)


@dataclass
class Credentials:
    """Mutable on purpose: ``login()`` stores the user token here for every client copy."""

    partner_token: Secret
    user_token: Secret | None = field(default=None)

    def header(self, *, with_user: bool) -> str:
        """``Bearer <partner>`` or ``Bearer <partner>, User <user>``, built at send time."""
        value = f"Bearer {self.partner_token.reveal()}"
        if with_user and self.user_token is not None:
            value += f", User {self.user_token.reveal()}"
        return value
