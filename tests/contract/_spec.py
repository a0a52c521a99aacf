"""Read the corrected spec: its operations, and valid request values built from it."""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import altegio_client

__all__ = [
    "SPEC_PATH",
    "Parameter",
    "SpecOperation",
    "example_from_schema",
    "load_spec",
    "media_example",
    "operations",
    "resolve",
]

SPEC_PATH = Path(altegio_client.__file__).parent / "_generated" / "openapi.json"
_METHODS = ("get", "put", "post", "delete", "patch", "head", "options")

# Placeholder values for a schema that documents no example of its own.
_BY_FORMAT = {"date": "2025-01-01", "date-time": "2025-01-01T00:00:00+00:00"}
_BY_TYPE: dict[str, Any] = {"integer": 1, "number": 1, "string": "x", "boolean": True}


@functools.cache
def load_spec() -> dict[str, Any]:
    spec: dict[str, Any] = json.loads(SPEC_PATH.read_text(encoding="utf-8"))
    return spec


def resolve(node: Any) -> Any:
    """Follow local ``$ref``s until a real node is reached."""
    while isinstance(node, dict) and "$ref" in node:
        target: Any = load_spec()
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part.replace("~1", "/").replace("~0", "~")]
        node = target
    return node


@dataclass(frozen=True)
class Parameter:
    """A path or query parameter with its schema and documented example, if any."""

    name: str
    location: str
    required: bool
    schema: dict[str, Any]
    example: Any = None
    has_example: bool = False


@dataclass(frozen=True)
class SpecOperation:
    """One operation as the spec describes it."""

    operation_id: str
    method: str
    path: str
    parameters: list[Parameter]
    request_body: dict[str, Any] | None
    responses: dict[str, Any]
    security: list[dict[str, Any]] = field(default_factory=list)

    def success_status(self) -> int:
        """The status Prism answers with: the lowest documented 2xx."""
        codes = sorted(int(code) for code in self.responses if code.startswith("2"))
        assert codes, f"{self.operation_id} documents no 2xx response"
        return codes[0]

    def success_content(self) -> dict[str, Any] | None:
        """The JSON media object of that response, or None when it has no body."""
        response = resolve(self.responses[str(self.success_status())])
        content: dict[str, Any] | None = (response.get("content") or {}).get("application/json")
        return content


def _parameter(node: Any) -> Parameter:
    param = resolve(node)
    schema = resolve(param.get("schema") or {})
    has_example = "example" in param or "example" in schema
    return Parameter(
        name=param["name"],
        location=param["in"],
        required=bool(param.get("required")),
        schema=schema,
        example=param.get("example", schema.get("example")),
        has_example=has_example,
    )


def operations() -> list[SpecOperation]:
    """Every operation in the spec, in document order."""
    spec = load_spec()
    found = []
    for path, item in spec["paths"].items():
        shared = item.get("parameters", [])
        for method in _METHODS:
            if method not in item:
                continue
            op = item[method]
            found.append(
                SpecOperation(
                    operation_id=op["operationId"],
                    method=method.upper(),
                    path=path,
                    parameters=[_parameter(p) for p in [*shared, *op.get("parameters", [])]],
                    request_body=resolve(op["requestBody"]) if "requestBody" in op else None,
                    responses=op["responses"],
                    security=op.get("security", spec.get("security", [])),
                )
            )
    return found


def media_example(media: dict[str, Any]) -> tuple[bool, Any]:
    """(found, value) of a media object's ``example`` or first ``examples`` entry."""
    if "example" in media:
        return True, media["example"]
    for example in (media.get("examples") or {}).values():
        return True, resolve(example).get("value")
    return False, None


def example_from_schema(node: Any) -> Any:
    """A value that fits the schema: its documented example, else a minimal one.

    Objects get their required properties only, so a body built here is the smallest the
    spec allows.
    """
    schema = resolve(node)
    if "example" in schema:
        return schema["example"]
    if "default" in schema:
        return schema["default"]
    if schema.get("enum"):
        return schema["enum"][0]
    if "allOf" in schema:
        merged: dict[str, Any] = {}
        for part in schema["allOf"]:
            value = example_from_schema(part)
            if isinstance(value, dict):
                merged.update(value)
        return merged
    for key in ("oneOf", "anyOf"):
        if schema.get(key):
            return example_from_schema(schema[key][0])
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), "null")
    if kind == "object" or "properties" in schema:
        properties = schema.get("properties", {})
        return {
            name: example_from_schema(properties.get(name, {}))
            for name in schema.get("required", [])
        }
    if kind == "array":
        return [example_from_schema(schema.get("items", {}))]
    if kind in ("integer", "number") and "minimum" in schema:
        return schema["minimum"]
    if kind == "string" and schema.get("format") in _BY_FORMAT:
        return _BY_FORMAT[schema["format"]]
    if kind in _BY_TYPE:
        return _BY_TYPE[kind]
    return None
