"""The generated layer covers the whole spec: no dropped operation, body or response field."""

from __future__ import annotations

import importlib
import inspect
import json
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml

from altegio_client._generated.client import Client

ROOT = Path(__file__).resolve().parents[2]
VENDOR_SPEC: dict[str, Any] = yaml.safe_load((ROOT / "openapi.yaml").read_text(encoding="utf-8"))
CORRECTED: dict[str, Any] = json.loads(
    (ROOT / "altegio_client" / "_generated" / "openapi.json").read_text(encoding="utf-8")
)

# The scope of the first spec issue: these must exist whatever else the spec grows to hold.
FIRST_SCOPE = {
    "authorize_user", "get_location_list", "create_location", "get_location", "update_location",
    "delete_location", "get_location_inventories", "search_for_product_transactions",
    "create_inventory_operation", "create_document", "get_document", "update_document",
    "delete_document", "create_transaction", "get_transaction", "update_transaction",
    "delete_transaction", "get_document_product_transactions", "get_bill_of_materials_list",
    "get_team_member_service_bill_of_materials", "get_appointment_consumables",
    "update_appointment_service_consumables", "unlink_appointment_service_association",
    "search_product", "get_products_list", "create_product", "get_product", "update_product",
    "delete_product", "get_product_category_list", "get_product_category_composition",
    "get_product_category_list_by_ids", "create_product_category", "update_product_category",
    "delete_product_category", "deprecated_get_product_category_list",
}  # fmt: skip


def tag_module(tag: str) -> str:
    return "".join(c if c.isalnum() else "_" for c in tag.lower()).strip("_")


def operations(spec: dict[str, Any]) -> list[tuple[str, str, str, dict[str, Any]]]:
    """(operationId, METHOD, path, operation) for every operation in ``spec``."""
    found: list[tuple[str, str, str, dict[str, Any]]] = []
    for path, item in spec["paths"].items():
        for method, op in item.items():
            if isinstance(op, dict) and "operationId" in op:
                found.append((op["operationId"], method.upper(), path, op))
    return found


VENDOR_OPS = operations(VENDOR_SPEC)
CORRECTED_OPS = operations(CORRECTED)


# The one vendor entry that is not an API call: the request the vendor sends to a partner's
# fiscalization server. The overlay removes it from the client; its payload stays a model.
NOT_A_CALL = {"fiscalize_document": "FiscalizationRequest"}


def generated_module(op: dict[str, Any]) -> Any:
    # the corrected spec carries the public tag names (openapi.names.yaml)
    return importlib.import_module(
        f"altegio_client._generated.api.{tag_module(op['tags'][0])}.{op['operationId']}"
    )


# The subscription calls come from the Developer Tools bundle (webhooks.openapi.yaml).
SECOND_SOURCE = {"get_event_notification_settings", "update_event_notification_settings"}


def test_every_vendor_operation_survives_correction() -> None:
    vendor = {op_id for op_id, *_ in VENDOR_OPS}
    corrected = {op_id for op_id, *_ in CORRECTED_OPS}
    assert corrected == (vendor - set(NOT_A_CALL)) | SECOND_SOURCE


def test_calls_to_partners_are_payload_types_not_methods() -> None:
    from altegio_client._generated import models

    for op_id, model in NOT_A_CALL.items():
        assert hasattr(models, model), f"{op_id}: payload model {model} missing"
        assert op_id not in {op_id for op_id, *_ in CORRECTED_OPS}


def test_first_scope_is_in_the_spec() -> None:
    missing = FIRST_SCOPE - {op_id for op_id, *_ in VENDOR_OPS}
    assert not missing


@pytest.mark.parametrize(
    ("op_id", "method", "path", "op"), CORRECTED_OPS, ids=lambda v: str(v)[:60]
)
def test_every_vendor_operation_is_generated(
    op_id: str, method: str, path: str, op: dict[str, Any]
) -> None:
    module = generated_module(op)
    assert inspect.iscoroutinefunction(module.asyncio)
    assert inspect.iscoroutinefunction(module.asyncio_detailed)
    kwargs = module._get_kwargs.__code__.co_varnames
    assert "location_id" in kwargs or "{location_id}" not in path
    source = inspect.getsource(module._get_kwargs)
    assert f'"method": "{method.lower()}"' in source
    assert repr(path).replace("'", '"') in source


@pytest.mark.parametrize(
    ("op_id", "method", "path", "op"),
    [o for o in CORRECTED_OPS if "requestBody" in o[3]],
    ids=lambda v: str(v)[:60],
)
def test_every_documented_body_is_a_parameter(
    op_id: str, method: str, path: str, op: dict[str, Any]
) -> None:
    signature = inspect.signature(generated_module(op).asyncio_detailed)
    assert "body" in signature.parameters, f"{op_id}: request body was dropped by the generator"
    annotation = str(signature.parameters["body"].annotation)
    assert "Any" not in annotation, f"{op_id}: body is untyped"


def response_examples() -> list[tuple[str, str, Any]]:
    """(operationId, status, example) for every documented response example."""
    shared = CORRECTED["components"].get("responses", {})
    found: list[tuple[str, str, Any]] = []
    for op_id, _method, _path, op in CORRECTED_OPS:
        for status, response in op["responses"].items():
            if "$ref" in response:
                response = shared[response["$ref"].rsplit("/", 1)[-1]]
            for ctype, media in response.get("content", {}).items():
                if "json" not in ctype:
                    continue  # a file reply (the visit receipt PDF) has no JSON to round-trip
                examples = [media["example"]] if "example" in media else []
                examples += [e["value"] for e in media.get("examples", {}).values()]
                found.extend((op_id, status, example) for example in examples)
    return found


EXAMPLES = response_examples()


def test_examples_cover_the_documented_operations() -> None:
    # The bundle documents a reply example for most operations (not for most deletes): all of
    # the first scope's, and at least the 182 the 2026-07-22 bundle has, must stay covered.
    covered = {op_id for op_id, *_ in EXAMPLES}
    assert (
        FIRST_SCOPE
        - {
            "delete_location",
            "delete_document",
            "delete_transaction",
            "delete_product",
            "delete_product_category",
        }
        <= covered
    )
    assert len(covered) >= 182


@pytest.mark.parametrize(("op_id", "status", "example"), EXAMPLES, ids=lambda v: str(v)[:40])
def test_response_example_round_trips(op_id: str, status: str, example: Any) -> None:
    op = next(o for i, _, _, o in CORRECTED_OPS if i == op_id)
    module = generated_module(op)
    response = httpx.Response(int(status), json=example)
    client = Client(base_url="https://example.invalid", raise_on_unexpected_status=True)
    parsed = module._parse_response(client=client, response=response)
    assert parsed is not None, f"{op_id} {status}: no model parsed the example"
    # a few replies are bare lists of models rather than an envelope
    dumped = [item.to_dict() for item in parsed] if isinstance(parsed, list) else parsed.to_dict()
    assert dumped == example
