"""Prism really checks what the SDK sends: bad requests and missing credentials are refused.

Without these, the per-operation tests could pass against a mock that accepts anything.
Requests here go around the SDK's own argument checks (raw httpx, or a transport that alters
the finished request), so it is Prism that must catch them.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from altegio_client import Altegio, AuthenticationError, UnprocessableEntityError

from ._calls import PreparedCall, prepare_call
from ._prism import PrismServer
from ._spec import SpecOperation, operations, resolve

OPERATIONS = operations()
JSON_ACCEPT = {"Accept": "application/json"}


def _raw_request(call: PreparedCall) -> dict[str, Any]:
    """method/url/params/json of the valid request, as the generated layer builds it."""
    kwargs = call.operation.build(call.bound_id, dict(call.arguments))
    return {k: kwargs[k] for k in ("method", "url", "params", "json", "files") if k in kwargs}


def _required_body_fields(spec_op: SpecOperation) -> list[str]:
    if spec_op.request_body is None:
        return []
    media = spec_op.request_body.get("content", {}).get("application/json", {})
    required: list[str] = resolve(media.get("schema", {})).get("required", [])
    return required


def _violations(response: httpx.Response) -> list[dict[str, Any]]:
    """What Prism found wrong: in the sl-violations header when it serves a documented error
    response, in the problem+json body when it has to make one up."""
    if "sl-violations" in response.headers:
        found: list[dict[str, Any]] = json.loads(response.headers["sl-violations"])
    elif response.headers.get("content-type", "").startswith("application/problem+json"):
        found = response.json().get("validation", [])
    else:
        return []
    # The header prefixes locations with "request", the body does not.
    for violation in found:
        if violation["location"][:1] == ["request"]:
            violation["location"] = violation["location"][1:]
    return found


WITH_REQUIRED_BODY_FIELDS = [op for op in OPERATIONS if _required_body_fields(op)]


def test_some_operations_have_required_body_fields() -> None:
    # The parametrisation below must not silently shrink to nothing.
    assert len(WITH_REQUIRED_BODY_FIELDS) >= 5


@pytest.mark.parametrize("spec_op", WITH_REQUIRED_BODY_FIELDS, ids=lambda op: op.operation_id)
async def test_body_missing_a_required_field_is_rejected(
    spec_op: SpecOperation, prism: PrismServer
) -> None:
    call = prepare_call(spec_op)
    request = _raw_request(call)
    field = _required_body_fields(spec_op)[0]
    body = dict(request["json"])
    del body[field]
    async with httpx.AsyncClient(base_url=prism.url, headers=JSON_ACCEPT) as http:
        valid = await http.request(**request, headers={"Authorization": "Bearer p, User u"})
        invalid = await http.request(
            **{**request, "json": body}, headers={"Authorization": "Bearer p, User u"}
        )
    assert valid.status_code == spec_op.success_status(), valid.text
    # Prism answers with a documented 422, else a documented 400, else its own 422
    codes = spec_op.responses
    expected = 400 if "400" in codes and "422" not in codes else 422
    assert invalid.status_code == expected, invalid.text
    messages = [v["message"] for v in _violations(invalid)]
    assert any(repr(field) in message for message in messages), messages


async def test_wrong_path_parameter_type_is_rejected(prism: PrismServer) -> None:
    async with httpx.AsyncClient(base_url=prism.url, headers=JSON_ACCEPT) as http:
        response = await http.get("/storages/abc", headers={"Authorization": "Bearer p, User u"})
    assert response.status_code == 422, response.text
    assert [v["location"] for v in _violations(response)] == [["path", "location_id"]]


@pytest.mark.parametrize("spec_op", OPERATIONS, ids=lambda op: op.operation_id)
async def test_request_without_authorization_is_rejected(
    spec_op: SpecOperation, prism: PrismServer
) -> None:
    request = _raw_request(prepare_call(spec_op))
    async with httpx.AsyncClient(base_url=prism.url, headers=JSON_ACCEPT) as http:
        response = await http.request(**request)
    assert response.status_code == 401, response.text
    documented = resolve(spec_op.responses.get("401", {})).get("content", {})
    media = documented.get("application/json", {})
    if "example" in media:  # Prism serves the documented 401 body where there is one
        assert response.json() == media["example"]


class _Rewrite(httpx.AsyncBaseTransport):
    """Changes the SDK's finished request on the way out, as a broken proxy might."""

    def __init__(self, rewrite: Callable[[httpx.Request], httpx.Request]) -> None:
        self._rewrite = rewrite
        self._inner = httpx.AsyncHTTPTransport()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        return await self._inner.handle_async_request(self._rewrite(request))

    async def aclose(self) -> None:
        await self._inner.aclose()


def _client(prism: PrismServer, rewrite: Callable[[httpx.Request], httpx.Request]) -> Altegio:
    return Altegio(
        partner_token="p",
        user_token="u",
        base_url=prism.url,
        rate_limit=None,
        max_retries=0,
        transport=_Rewrite(rewrite),
    )


def _without_title(request: httpx.Request) -> httpx.Request:
    body = json.loads(request.content)
    del body["title"]
    headers = {**request.headers, "Accept": "application/json"}
    headers.pop("content-length")
    return httpx.Request(request.method, request.url, headers=headers, json=body)


def _without_authorization(request: httpx.Request) -> httpx.Request:
    del request.headers["Authorization"]
    request.headers["Accept"] = "application/json"
    return request


async def test_prism_422_becomes_unprocessable_entity(prism: PrismServer) -> None:
    # The SDK would refuse a body without its required title, so the title is dropped after
    # the SDK built the request; the SDK must turn Prism's 422 into its typed error.
    async with _client(prism, _without_title) as api:
        with pytest.raises(UnprocessableEntityError) as caught:
            await api.location(1).products.create_product_category(body={"title": "Manicure"})
    assert caught.value.status_code == 422
    violations = _violations(caught.value.response)
    assert [v["location"] for v in violations] == [["body"]]
    assert "'title'" in violations[0]["message"]


async def test_prism_401_becomes_authentication_error(prism: PrismServer) -> None:
    async with _client(prism, _without_authorization) as api:
        with pytest.raises(AuthenticationError) as caught:
            await api.location(1).inventory.get_location_inventories()
    # Prism builds the 401 body from the schema's examples: meta.message is the documented one
    reply = resolve({"$ref": "#/components/schemas/UnauthorizedReply"})
    meta = resolve(reply["properties"]["meta"])
    assert caught.value.status_code == 401
    assert caught.value.message == meta["properties"]["message"]["example"]
