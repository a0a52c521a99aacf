"""Every operation in the spec, called through the public client against Prism.

Arguments come from the spec (path parameters, documented query examples, the request example
or the smallest valid body), so a new operation is covered as soon as it is in the spec.
"""

from __future__ import annotations

import json
from typing import Any

import attrs
import pytest

from altegio_client import Altegio

from ._calls import prepare_call
from ._spec import SpecOperation, load_spec, media_example, operations, resolve
from .conftest import RecordingTransport

OPERATIONS = operations()


def _plain(value: Any) -> Any:
    """Models back to JSON-shaped data, so they can be compared with what was sent."""
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if attrs.has(type(value)):
        return value.to_dict()
    return getattr(value, "api_text", value)  # a date as the API sent it


def _is_model_data(value: Any) -> bool:
    if isinstance(value, list):
        return all(attrs.has(type(item)) for item in value)
    return attrs.has(type(value))


def _data_is_objects(content: dict[str, Any]) -> bool:
    """Whether the envelope's ``data`` is documented as an object or a list of objects."""
    envelope = resolve(content.get("schema", {}))
    data = resolve(envelope.get("properties", {}).get("data", {}))
    if data.get("type") == "array":
        data = resolve(data.get("items", {}))
    return data.get("type") == "object" or "properties" in data


def _expected_authorization(spec_op: SpecOperation) -> str:
    """The header the operation's security documents, with our test tokens in it.

    Where the spec offers alternatives (get_location_list takes the partner token alone or with
    the user token), a client holding a user token sends the richer one.
    """
    assert spec_op.security, f"{spec_op.operation_id}: no security declared"
    names = [name for option in spec_op.security for name in option]
    scheme_name = "BearerPartnerUser" if "BearerPartnerUser" in names else names[0]
    scheme = load_spec()["components"]["securitySchemes"][scheme_name]
    assert (scheme["type"], scheme["scheme"]) == ("http", "bearer")
    template: str = scheme["bearerFormat"]  # "Bearer {PartnerToken}, User {UserToken}"
    assert "{PartnerToken}" in template, f"cannot read the header format of {scheme_name}"
    return template.replace("{PartnerToken}", "p").replace("{UserToken}", "u")


def test_spec_has_operations() -> None:
    # Guards the parametrisation below: an unreadable spec must not mean zero tests.
    assert len(OPERATIONS) >= 30
    assert len({op.operation_id for op in OPERATIONS}) == len(OPERATIONS)


@pytest.mark.parametrize("spec_op", OPERATIONS, ids=lambda op: op.operation_id)
async def test_operation(
    spec_op: SpecOperation, api: Altegio, transport: RecordingTransport
) -> None:
    call = prepare_call(spec_op)

    data = await call.method(api)(**call.arguments)

    # Exactly one request, the one the spec describes, and Prism found nothing wrong with it.
    assert len(transport.exchanges) == 1
    request, response = transport.exchanges[0]
    assert request.method == spec_op.method
    assert response.status_code == spec_op.success_status(), response.text
    assert "sl-violations" not in response.headers, response.headers["sl-violations"]
    assert request.headers["Authorization"] == _expected_authorization(spec_op)
    assert request.headers["Accept"] == "application/vnd.api.v2+json"
    if "body" in call.arguments and request.headers["Content-Type"].startswith("multipart/"):
        for name in call.body:  # every form field reaches the wire as its own part
            assert f'name="{name}"'.encode() in request.content
    elif "body" in call.arguments:
        assert json.loads(request.content) == call.body

    if not response.content.strip():  # 204 No Content, or a reply the spec gives no body
        assert data is None
        return
    if not response.headers["Content-Type"].startswith("application/json"):
        assert data.payload.read() == response.content  # a file (the visit receipt PDF)
        return
    content = spec_op.success_content()
    assert content is not None, f"{spec_op.operation_id}: JSON reply the spec does not document"

    # Prism serves the documented example; the SDK must parse it into generated models that
    # round-trip to exactly the documented data.
    served = response.json()
    documented, example = media_example(content)
    if documented:
        assert served == example
    if call.operation.reply != "envelope":  # the spec declares the entity as the whole body
        assert _is_model_data(data), f"data is {type(data).__name__}, not generated models"
        assert _plain(data) == served
        return
    if _data_is_objects(content) and served.get("data") is not None:
        assert _is_model_data(data), f"data is {type(data).__name__}, not generated models"
    assert _plain(data) == served.get("data")
