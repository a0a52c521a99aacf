"""Webhook subscriptions of a location (the Developer Tools bundle's hooks_settings calls)."""

from __future__ import annotations

from typing import Any

from ._ops import Call, handles
from ._replies import ApiError, Reply, ok

_EMPTY: dict[str, Any] = {"urls": [], "active": 0}
_MAX_URLS = 10


@handles("get_event_notification_settings")
def get_event_notification_settings(call: Call) -> Reply:
    location = call.store.location(call.path["location_id"]).id
    return ok(dict(call.store.hooks_settings.get(location, _EMPTY)))


@handles("update_event_notification_settings")
def update_event_notification_settings(call: Call) -> Reply:
    location = call.store.location(call.path["location_id"]).id
    body = dict(call.body)
    if len(body.get("urls") or []) > _MAX_URLS:
        raise ApiError(422, f"at most {_MAX_URLS} URLs", {"urls": [f"at most {_MAX_URLS} URLs"]})
    call.store.hooks_settings[location] = body  # a POST replaces the whole settings
    return ok(dict(body), status=201)
