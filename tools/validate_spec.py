"""Validate the corrected spec and every example it carries.

Three checks, all on openapi.yaml + openapi.overlay.yaml:
1. the document is valid OpenAPI (openapi-spec-validator);
2. every request/response example validates against its own schema (openapi-schema-validator),
   which is how a vendor quirk that the overlay does not yet cover shows up;
3. a parameter with the project's ``x-date-format`` (a strftime pattern) is text, and its example
   reads back with that pattern.
"""

from __future__ import annotations

import datetime
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from jsonschema import FormatChecker  # type: ignore[import-untyped]
from openapi_schema_validator import OAS31Validator
from openapi_spec_validator import validate
from referencing import Registry, Resource

sys.path.insert(0, str(Path(__file__).resolve().parent))

from names import NamesError
from overlay import OverlayError, corrected_spec

FORMATS = FormatChecker()  # date, date-time and time as JSON Schema means them (RFC 3339)


def _whole_number(value: object) -> bool:
    """OpenAPI's integer formats on a number: mock servers refuse a decimal there."""
    return not isinstance(value, float) or value.is_integer()


FORMATS.checks("int32")(_whole_number)
FORMATS.checks("int64")(_whole_number)


def media_examples(spec: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any], Any]]:
    """(where, schema, example) for every media type and parameter example in the spec."""
    responses = spec.get("components", {}).get("responses", {})
    for path, item in spec["paths"].items():
        for method, op in item.items():
            if not isinstance(op, dict) or "operationId" not in op:
                continue
            name = op["operationId"]
            for param in op.get("parameters", []):
                if "$ref" in param:
                    param = spec["components"]["parameters"][param["$ref"].rsplit("/", 1)[-1]]
                if "example" in param:
                    yield (
                        f"{name} parameter {param['name']}",
                        param.get("schema", {}),
                        param["example"],
                    )
            body = op.get("requestBody", {})
            for ctype, media in body.get("content", {}).items():
                for example in _examples(media):
                    yield f"{name} request {ctype}", media.get("schema", {}), example
            for status, response in op.get("responses", {}).items():
                if "$ref" in response:
                    response = responses[response["$ref"].rsplit("/", 1)[-1]]
                for ctype, media in response.get("content", {}).items():
                    for example in _examples(media):
                        yield (
                            f"{name} {status} {ctype} ({method.upper()} {path})",
                            media.get("schema", {}),
                            example,
                        )


def _examples(media: dict[str, Any]) -> Iterator[Any]:
    if "example" in media:
        yield media["example"]
    for example in media.get("examples", {}).values():
        if "value" in example:
            yield example["value"]


def check_examples(spec: dict[str, Any]) -> list[str]:
    registry: Registry[Any] = Registry().with_resource(
        "urn:altegio-spec", Resource.from_contents(spec, default_specification=_SPEC31)
    )
    problems = []
    for where, schema, example in media_examples(spec):
        resolved = _rebase(schema)
        validator = OAS31Validator(resolved, registry=registry, format_checker=FORMATS)
        errors = sorted(validator.iter_errors(example), key=lambda e: list(e.path))
        for error in errors[:3]:
            location = "/".join(str(p) for p in error.absolute_path)
            problems.append(f"{where}: at '{location}': {error.message[:160]}")
    return problems


def check_schema_examples(spec: dict[str, Any]) -> list[str]:
    """Every ``example`` a schema carries fits that schema: mock servers build replies from them."""
    registry: Registry[Any] = Registry().with_resource(
        "urn:altegio-spec", Resource.from_contents(spec, default_specification=_SPEC31)
    )
    problems: list[str] = []

    def walk(node: Any, where: str, in_schema: bool) -> None:
        if isinstance(node, list):
            for index, item in enumerate(node):
                walk(item, f"{where}/{index}", in_schema)
            return
        if not isinstance(node, dict):
            return
        if in_schema and "example" in node and _SCHEMA_WORDS & node.keys():
            validator = OAS31Validator(_rebase(node), registry=registry, format_checker=FORMATS)
            for error in list(validator.iter_errors(node["example"]))[:2]:
                at = "/".join(str(p) for p in error.absolute_path)
                problems.append(f"{where} example at '{at}': {error.message[:160]}")
        for key, value in node.items():
            if key not in ("example", "examples", "enum", "default", "const"):
                walk(value, f"{where}/{key}", in_schema or key in ("schema", "schemas"))

    walk(spec, "#", False)
    return problems


def check_date_formats(spec: dict[str, Any]) -> list[str]:
    """``x-date-format`` parameters stay ``type: string`` (the generated code sends text as is)
    and their examples fit the pattern the runtime formats dates with."""
    problems: list[str] = []
    shared = spec.get("components", {}).get("parameters", {})
    for item in spec["paths"].values():
        for op in item.values():
            if not isinstance(op, dict) or "operationId" not in op:
                continue
            for param in op.get("parameters", []):
                if "$ref" in param:
                    param = shared[param["$ref"].rsplit("/", 1)[-1]]
                schema = param.get("schema", {})
                pattern = schema.get("x-date-format")
                if pattern is None:
                    continue
                where = f"{op['operationId']} parameter {param['name']}"
                if schema.get("type") != "string" or "format" in schema:
                    problems.append(f"{where}: x-date-format needs type: string and no format")
                example = param.get("example", schema.get("example"))
                if example is None:
                    continue
                try:
                    datetime.datetime.strptime(str(example), pattern)
                except ValueError:
                    problems.append(f"{where}: example {example!r} does not fit {pattern!r}")
    return problems


_SCHEMA_WORDS = {"type", "properties", "$ref", "anyOf", "oneOf", "allOf", "items"}


def _rebase(node: Any) -> Any:
    """Point local refs at the registry resource so they resolve outside the document."""
    if isinstance(node, dict):
        return {
            k: (f"urn:altegio-spec{v}" if k == "$ref" and v.startswith("#") else _rebase(v))
            for k, v in node.items()
        }
    if isinstance(node, list):
        return [_rebase(v) for v in node]
    return node


def main() -> int:
    try:
        spec = corrected_spec()
    except (OverlayError, NamesError) as exc:
        print(exc, file=sys.stderr)
        return 1
    validate(spec)
    problems = check_examples(spec) + check_schema_examples(spec) + check_date_formats(spec)
    if problems:
        print("examples that do not fit their schema (fix the overlay):", file=sys.stderr)
        print("\n".join(problems), file=sys.stderr)
        return 1
    operations = sum(
        1 for item in spec["paths"].values() for op in item.values() if isinstance(op, dict)
    )
    print(f"spec valid: {operations} operations, every example fits its schema")
    return 0


from referencing.jsonschema import DRAFT202012 as _SPEC31  # noqa: E402

if __name__ == "__main__":
    raise SystemExit(main())
