"""Requests built by the generated functions are the ones the corrected spec describes.

Each operation is called through its generated ``_get_kwargs`` with every parameter filled
(values taken from the spec's examples or made from the schema) and the documented request
body; the resulting httpx request is judged by openapi-core against the corrected spec.
"""

from __future__ import annotations

import inspect
import types
import typing
from typing import Any

import httpx
import pytest
from openapi_python_client.strings import PythonIdentifier

from altegio_client._generated.types import Unset
from altegio_client._validation import check_value
from altegio_client.testing._validation import SpecChecker, SpecRequest, load_default_spec

from ..contract._spec import example_from_schema, resolve
from .test_generated_layer import CORRECTED_OPS, generated_module

SPEC = load_default_spec()
CHECKER = SpecChecker(SPEC)


def request_body(op: dict[str, Any]) -> Any:
    content = op["requestBody"]["content"]
    media = content.get("application/json") or next(iter(content.values()))
    return media.get("example", example_from_schema(media["schema"]))


def body_argument(hint: Any, value: Any) -> Any:
    """The generated body built from a documented value: a model, or a list of models."""
    union = typing.get_origin(hint) in (typing.Union, types.UnionType)
    options = [
        a for a in (typing.get_args(hint) if union else (hint,)) if a not in (type(None), Unset)
    ]
    model = options[0]
    if typing.get_origin(model) is list:
        (item,) = typing.get_args(model)
        return [item.from_dict(v) for v in value]
    return model.from_dict(value)


def arguments(op: dict[str, Any], module: Any) -> dict[str, Any]:
    hints = typing.get_type_hints(module._get_kwargs)
    args: dict[str, Any] = {}
    for param in op.get("parameters", []):
        param = resolve(param)
        name = str(PythonIdentifier(param["name"], prefix="param"))
        if name not in inspect.signature(module._get_kwargs).parameters:
            raise AssertionError(f"{op['operationId']}: parameter {param['name']} not generated")
        args[name] = check_value(
            op["operationId"], name, hints[name], example_from_schema(param["schema"])
        )
    if "requestBody" in op:
        value = request_body(op)
        if "multipart/form-data" in op["requestBody"]["content"]:
            # a form's file part carries bytes
            value = {k: v.encode() if isinstance(v, str) else v for k, v in value.items()}
        args["body"] = body_argument(hints["body"], value)
    return args


@pytest.mark.parametrize(
    ("op_id", "method", "path", "op"), CORRECTED_OPS, ids=[o[0] for o in CORRECTED_OPS]
)
def test_generated_request_matches_spec(
    op_id: str, method: str, path: str, op: dict[str, Any]
) -> None:
    module = generated_module(op)
    kwargs = module._get_kwargs(**arguments(op, module))
    with httpx.Client(base_url="https://api.alteg.io/api/v1") as client:
        request = client.build_request(**kwargs)
        request.read()  # a multipart form is streamed until read
    assert request.method == method
    body = request.content or None
    if "requestBody" in op:
        assert body is not None, f"{op_id}: the documented body was not sent"
    if request.headers.get("content-type", "").startswith("multipart/form-data"):
        # openapi-core reads form parts as text and cannot type them; check the parts instead
        schema = resolve(op["requestBody"]["content"]["multipart/form-data"]["schema"])
        for name in schema.get("required", []):
            assert f'name="{name}"'.encode() in (body or b""), f"{op_id}: part {name} not sent"
        return
    check = CHECKER.check_request(
        SpecRequest(
            method=request.method,
            path=request.url.path,
            query=list(request.url.params.multi_items()),
            headers={"Authorization": "Bearer p, User u", **dict(request.headers)},
            body=body,
            content_type=request.headers.get("content-type", ""),
        )
    )
    assert check.errors == {}
