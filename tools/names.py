"""Give the corrected spec the public names in ``openapi.names.yaml``.

The vendor's component keys (``storage_operation_documents_response_data_types``,
``403_forbidden_response``) are not names a Python user should import, and they change when the
vendor reorganises its files. The reviewed table fixes, once:

- ``tags``: vendor tag -> the snake_case attribute users write (``api.location(1).inventory``);
- ``schemas``: every component schema -> its public class name. Two keys may share a name only
  when their schemas are structurally equal; they then become one model;
- ``models``: inline schemas users meet as results (``Document`` inside an envelope) -> a name,
  by JSON pointer into the vendor spec. They are hoisted into components under that name.

Every component must be named and every entry must match, so a vendor rename stops the build
with both names instead of silently renaming a public class.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
NAMES = ROOT / "openapi.names.yaml"


class NamesError(RuntimeError):
    """openapi.names.yaml no longer fits the spec."""


def _pointer_parts(pointer: str) -> list[str]:
    if not pointer.startswith("#/"):
        raise NamesError(f"not a local JSON pointer: {pointer}")
    return [p.replace("~1", "/").replace("~0", "~") for p in pointer[2:].split("/")]


def _resolve(doc: Any, pointer: str) -> tuple[Any, Any] | None:
    """(parent container, key) of the node at ``pointer``, or None when it is not there."""
    node = doc
    parts = _pointer_parts(pointer)
    for part in parts[:-1]:
        if isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        elif isinstance(node, dict) and part in node:
            node = node[part]
        else:
            return None
    last = parts[-1]
    if isinstance(node, dict) and last in node:
        return node, last
    if isinstance(node, list) and last.isdigit() and int(last) < len(node):
        return node, int(last)
    return None


def _shape(schema: Any) -> Any:
    """The schema without examples: what "structurally equal" compares."""
    if isinstance(schema, dict):
        return {k: _shape(v) for k, v in schema.items() if k not in ("example", "examples")}
    if isinstance(schema, list):
        return [_shape(v) for v in schema]
    return schema


def _rewrite_refs(node: Any, renames: dict[str, str]) -> None:
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref in renames:
            node["$ref"] = renames[ref]
        for value in node.values():
            _rewrite_refs(value, renames)
    elif isinstance(node, list):
        for value in node:
            _rewrite_refs(value, renames)


def apply(spec: dict[str, Any], names: dict[str, Any]) -> dict[str, Any]:
    """Return ``spec`` with public names; raise NamesError listing every mismatch."""
    doc = copy.deepcopy(spec)
    problems: list[str] = []
    schemas: dict[str, Any] = doc.get("components", {}).get("schemas", {})
    table: dict[str, str] = names.get("schemas") or {}
    for key in schemas:
        if key not in table:
            problems.append(
                f"  component `{key}` has no public name (new or renamed by the vendor?)"
            )
    for key in table:
        if key not in schemas:
            problems.append(f"  `{key}` -> {table[key]}: no such component (removed or renamed?)")

    # Hoist named inline schemas first, while the pointers still use the vendor's keys.
    hoisted: dict[str, Any] = {}
    for name, pointers in (names.get("models") or {}).items():
        for pointer in [pointers] if isinstance(pointers, str) else pointers:
            found = _resolve(doc, pointer)
            if found is None:
                problems.append(f"  model {name}: {pointer} matches nothing")
                continue
            parent, key = found
            schema = parent[key]
            if "$ref" in schema:
                problems.append(f"  model {name}: {pointer} is already a $ref")
                continue
            if name in hoisted and _shape(hoisted[name]) != _shape(schema):
                problems.append(f"  model {name}: {pointer} differs from its other occurrence")
                continue
            hoisted.setdefault(name, schema)
            parent[key] = {"$ref": f"#/components/schemas/{name}"}

    renamed: dict[str, Any] = {}
    refs: dict[str, str] = {}
    for key, schema in schemas.items():
        name = table.get(key)
        if name is None:
            continue
        if name in renamed and _shape(renamed[name]) != _shape(schema):
            problems.append(f"  `{key}` -> {name}: another component has that name and differs")
            continue
        renamed.setdefault(name, schema)
        refs[f"#/components/schemas/{key}"] = f"#/components/schemas/{name}"
    for name, schema in hoisted.items():
        if name in renamed:
            problems.append(f"  model {name}: a component already has that name")
        renamed[name] = schema
    if problems:
        raise NamesError("openapi.names.yaml does not fit the spec:\n" + "\n".join(problems))
    doc["components"]["schemas"] = renamed
    _rewrite_refs(doc, refs)

    tags: dict[str, str] = names.get("tags") or {}
    missing_tags: set[str] = set()
    for item in doc.get("paths", {}).values():
        for op in item.values():
            if isinstance(op, dict) and "operationId" in op:
                new = []
                for tag in op.get("tags", []):
                    if tag not in tags:
                        missing_tags.add(tag)
                    new.append(tags.get(tag, tag))
                if op.get("tags"):
                    op["x-vendor-tag"] = op["tags"][0]  # the vendor files its page under it
                op["tags"] = new
    if missing_tags:
        raise NamesError(
            "openapi.names.yaml has no attribute name for tags: " + ", ".join(sorted(missing_tags))
        )
    doc["tags"] = [{"name": tags[t["name"]]} for t in doc.get("tags", []) if t["name"] in tags]
    doc.pop("x-tagGroups", None)
    return doc


def load() -> dict[str, Any]:
    with NAMES.open(encoding="utf-8") as fh:
        data: dict[str, Any] = yaml.safe_load(fh)
    return data
