"""Authentication and locations."""

from __future__ import annotations

import secrets
from typing import Any

from . import _render as render
from ._model import LocationRecord
from ._ops import Call, handles, page_of
from ._replies import ApiError, Reply, ok

# Location fields a request may change; create_location spells longitude coordinate_lot.
_RENAMED = {"coordinate_lot": "coordinate_lon"}


@handles("authorize_user")
def authorize_user(call: Call) -> Reply:
    user = call.store.user_by_login(call.body["login"])
    if user is None or not secrets.compare_digest(user.password, call.body["password"]):
        raise ApiError(401, "Incorrect login or password")
    if user.two_factor_code is None:
        return ok(render.user(user, with_token=True), status=201)
    answer = call.body.get("2fa")
    if not isinstance(answer, dict):  # first step: "send" the code, answer a challenge
        challenge = secrets.token_hex(8)
        user.challenges[challenge] = 3
        recipient = f"+*******{user.phone[-4:]}" if user.phone else "***"
        return ok(
            {
                "uuid": challenge,
                "flow": "sms",
                "transport": {"type": "sms", "recipient": recipient},
                "ttl": 300,
                "attempts_left": 3,
            },
            status=201,
        )
    challenge = str(answer.get("uuid", ""))
    left = user.challenges.get(challenge)
    if left is None:
        raise ApiError(401, "The confirmation expired or is unknown; log in again.")
    if not secrets.compare_digest(str(answer.get("secret", "")), user.two_factor_code):
        if left <= 1:
            del user.challenges[challenge]
        else:
            user.challenges[challenge] = left - 1
        raise ApiError(401, "Incorrect confirmation code")
    del user.challenges[challenge]
    return ok(render.user(user, with_token=True), status=201)


@handles("get_location_list")
def get_location_list(call: Call) -> Reply:
    query = call.query
    if query.get("my") and call.user is None:
        # The spec lists this operation as partner-only, so the SDK sends no user token.
        raise ApiError(401, "my=1 needs a user token (Bearer <partner>, User <user>).")
    found = []
    for record in call.store.locations.values():
        data = render.location(record)
        if query.get("id") is not None and record.id != query["id"]:
            continue
        if query.get("my") and (call.user is None or record.id not in call.user.locations):
            continue
        if any(
            query.get(name) is not None and data.get(name) != query[name]
            for name in ("city_id", "business_type_id")
        ):
            continue
        found.append(data)
    if query.get("page") is not None or query.get("count") is not None:
        found = page_of(found, query, default_count=50)
    return ok(found)


def _fields(body: dict[str, Any]) -> dict[str, Any]:
    return {_RENAMED.get(k, k): v for k, v in body.items() if k != "title"}


@handles("create_location")
def create_location(call: Call) -> Reply:
    store = call.store
    record = LocationRecord(
        id=store.next_id(), title=str(call.body.get("title", "")), fields=_fields(call.body)
    )
    store.locations[record.id] = record
    if call.user is not None:
        call.user.locations.add(record.id)
    return ok(render.location(record), status=201)


@handles("get_location")
def get_location(call: Call) -> Reply:
    return ok(render.location(call.store.location(call.location_id)))


@handles("update_location")
def update_location(call: Call) -> Reply:
    record = call.store.location(call.location_id)
    if "title" in call.body:
        record.title = str(call.body["title"])
    record.fields.update(_fields(call.body))
    return ok(render.location(record))


@handles("delete_location")
def delete_location(call: Call) -> Reply:
    call.store.delete_location(call.location_id)
    return Reply(202)
