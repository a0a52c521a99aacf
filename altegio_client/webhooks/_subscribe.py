"""Subscribe a URL to a location's events without dropping anyone else's.

``POST /hooks_settings/{location_id}`` replaces the location's whole settings: every URL (other
applications' included) and one set of event flags shared by all of them. ``subscribe`` and
``unsubscribe`` read the settings first and send them back changed only where asked.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, cast

from .._errors import InvalidRequestError

if TYPE_CHECKING:
    from .._client import LocationScope
    from ..models import EventNotificationSettings, UpdateEventNotificationSettingsBodyDict

__all__ = ["EVENTS", "MAX_URLS", "SharedSettingsWarning", "subscribe", "unsubscribe"]

#: The event flags of a location's settings, as the Developer Tools bundle names them.
EVENTS = (
    "salon",
    "service_category",
    "service",
    "good",
    "master",
    "client",
    "record",
    "goods_operations_sale",
    "goods_operations_receipt",
    "goods_operations_consumable",
    "goods_operations_stolen",
    "goods_operations_move",
    "finances_operation",
)
MAX_URLS = 10  # the most a location accepts


class SharedSettingsWarning(UserWarning):
    """The change also affects URLs of other applications (the event flags are shared)."""


async def subscribe(
    location: LocationScope, url: str, *, events: Iterable[str], active: bool = True
) -> EventNotificationSettings:
    """Add ``url`` to the location's destinations and turn ``events`` on, keeping the rest."""
    wanted = _checked(events)
    current = await _current(location)
    urls = [u for u in current.get("urls") or [] if isinstance(u, str)]
    if url not in urls:
        urls.append(url)
    if len(urls) > MAX_URLS:
        raise InvalidRequestError(f"a location takes at most {MAX_URLS} webhook URLs")
    body = cast(  # the flag names are checked against EVENTS above
        "UpdateEventNotificationSettingsBodyDict",
        {**_flags(current), **dict.fromkeys(wanted, 1), "urls": urls, "active": int(active)},
    )
    others = [u for u in urls if u != url]
    turned_on = [e for e in wanted if not current.get(e)]
    if others and turned_on:
        warnings.warn(
            f"{', '.join(turned_on)} now also reach {len(others)} other URL(s) of this location: "
            "the event flags are shared by every URL",
            SharedSettingsWarning,
            stacklevel=2,
        )
    return await location.webhooks.update_event_notification_settings(body=body)


async def unsubscribe(location: LocationScope, url: str) -> EventNotificationSettings:
    """Remove ``url`` only; the other URLs and the event flags stay as they are."""
    current = await _current(location)
    urls = [u for u in current.get("urls") or [] if isinstance(u, str) and u != url]
    body = cast(
        "UpdateEventNotificationSettingsBodyDict",
        {**_flags(current), "urls": urls, "active": int(bool(current.get("active")))},
    )
    return await location.webhooks.update_event_notification_settings(body=body)


def _checked(events: Iterable[str]) -> list[str]:
    wanted = list(events)
    unknown = sorted(set(wanted) - set(EVENTS))
    if unknown:
        raise InvalidRequestError(f"unknown webhook events {unknown}; known: {', '.join(EVENTS)}")
    return wanted


async def _current(location: LocationScope) -> dict[str, Any]:
    settings = await location.webhooks.get_event_notification_settings()
    current: dict[str, Any] = settings.to_dict()
    return current


def _flags(current: dict[str, Any]) -> dict[str, int]:
    return {name: int(bool(current.get(name))) for name in EVENTS if name in current}
