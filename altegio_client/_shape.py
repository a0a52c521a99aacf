"""What a 2xx reply of one operation must look like, and where a body departs from it.

The generated models only say *that* a body did not fit, in words such as "dictionary update
sequence element #0 has length 21", and they quietly turn a missing or null ``data`` into
``None``. This module reads the shipped spec once per operation to know which 2xx replies may
have no body and whether ``data`` may be null, and, when parsing has already failed, walks the
body along the schema to name the first place that does not fit (``data: expected object, got
array``). The walk runs only on failure, so well-formed replies pay nothing for it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from ._logging import SECRET_KEYS

__all__ = ["ReplyShape", "json_kind", "reply_shape"]


@cache
def _spec() -> dict[str, Any]:
    """The corrected spec shipped with the package (read once, on the first failure or check)."""
    text = resources.files("altegio_client._generated").joinpath("openapi.json").read_text("utf-8")
    spec: dict[str, Any] = json.loads(text)
    return spec


def _resolve(node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        _, kind, name = node["$ref"].rsplit("/", 2)
        node = _spec()["components"][kind][name]
    return node


def json_kind(value: Any) -> str:
    """The JSON name of a decoded value's type."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    return type(value).__name__


@dataclass(frozen=True)
class ReplyShape:
    """The 2xx facts of one operation that the generated envelope model does not enforce."""

    bodiless: frozenset[int]  # 2xx statuses documented without a body
    envelope: dict[str, Any] | None  # schema of the success body
    data_nullable: bool
    # Replies such as {"success": true, "meta": {"message": "Accepted"}}: the spec neither
    # requires `data` nor shows it in its example, so its absence is documented, not a fault.
    data_optional: bool = False

    def mismatch(self, body: Any) -> str | None:
        """Where ``body`` first departs from the envelope schema, or None if nowhere found."""
        if self.envelope is None:
            return None
        try:
            return _first_mismatch(self.envelope, body, "", "")
        except RecursionError:  # a body nested deeper than the walk can follow
            return "reply: nested too deeply"


@cache
def reply_shape(path: str, method: str) -> ReplyShape:
    operation = _spec()["paths"][path][method.lower()]
    bodiless: set[int] = set()
    envelope: dict[str, Any] | None = None
    shows_data = omits_data = False
    for status, response in sorted(operation.get("responses", {}).items()):
        if not status.startswith("2"):
            continue
        content = _resolve(response).get("content") or {}
        if not content and status.isdigit():
            bodiless.add(int(status))
        for media in content.values():
            if envelope is None and "schema" in media:
                envelope = _resolve(media["schema"])
            example = media.get("example")
            if isinstance(example, dict):
                omits_data = omits_data or "data" not in example
                shows_data = True
    data = (envelope or {}).get("properties", {}).get("data")
    required = "data" in (envelope or {}).get("required", [])
    return ReplyShape(
        bodiless=frozenset(bodiless),
        envelope=envelope,
        data_nullable=data is not None and _allows("null", _resolve(data)),
        data_optional=not required and (omits_data or not shows_data),
    )


def _kinds(schema: dict[str, Any]) -> set[str]:
    kinds = schema.get("type")
    found = set(kinds) if isinstance(kinds, list) else {kinds} if kinds else set()
    if schema.get("nullable"):
        found.add("null")
    if not found and "properties" in schema:
        found.add("object")
    return found


def _allows(kind: str, schema: dict[str, Any]) -> bool:
    alternatives = schema.get("anyOf") or schema.get("oneOf")
    if alternatives:
        return any(_allows(kind, _resolve(a)) for a in alternatives)
    return kind in _kinds(schema)


def _fits_kind(value: Any, kinds: set[str]) -> bool:
    kind = json_kind(value)
    if kind in kinds:
        return True
    if kind == "integer" and "number" in kinds:
        return True
    return kind == "number" and "integer" in kinds and float(value).is_integer()


def _got(value: Any, key: str) -> str:
    kind = json_kind(value)
    if kind in ("array", "object", "null") or key.lower() in SECRET_KEYS:
        return kind
    return f"{kind} {str(value)[:40]!r}"


def _child(where: str, name: str) -> str:
    return f"{where}.{name}" if where else name


def _first_mismatch(schema: dict[str, Any], value: Any, where: str, key: str) -> str | None:
    schema = _resolve(schema)
    alternatives = schema.get("anyOf") or schema.get("oneOf")
    if alternatives:
        options = [_resolve(a) for a in alternatives]
        found = [_first_mismatch(option, value, where, key) for option in options]
        if any(f is None for f in found):
            return None
        matching = [f for o, f in zip(options, found, strict=True) if _fits_kind(value, _kinds(o))]
        if matching:  # the right kind, wrong inside: the deeper message says more
            return matching[0]
        wanted = " or ".join(sorted({k for o in options for k in _kinds(o)})) or "something else"
        return f"{where or 'reply'}: expected {wanted}, got {_got(value, key)}"
    for part in schema.get("allOf") or ():
        problem = _first_mismatch(part, value, where, key)
        if problem is not None:
            return problem
    kinds = _kinds(schema)
    if kinds and not _fits_kind(value, kinds):
        wanted = " or ".join(sorted(kinds))
        return f"{where or 'reply'}: expected {wanted}, got {_got(value, key)}"
    if isinstance(value, dict):
        for name in schema.get("required") or ():
            if name not in value:
                return f"{_child(where, name)}: required, missing"
        for name, sub in (schema.get("properties") or {}).items():
            if name in value:
                problem = _first_mismatch(sub, value[name], _child(where, name), name)
                if problem is not None:
                    return problem
    elif isinstance(value, list) and "items" in schema:
        for index, item in enumerate(value):
            problem = _first_mismatch(schema["items"], item, f"{where}[{index}]", key)
            if problem is not None:
                return problem
    return None
