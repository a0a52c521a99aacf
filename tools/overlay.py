"""Apply openapi.overlay.yaml to the imported spec, failing loudly on targets that match nothing.

Overlay 1.0 semantics (update merges objects and appends to arrays; remove deletes the match),
applied here rather than with oas-patch: oas-patch silently skips a target that matches nothing
(which would let a vendor update quietly undo a correction) and fails on matches inside arrays.
Every action's target is resolved against the document as the previous actions left it, and all
misses are reported at once, each with the reason its action gave.

Two project extensions: ``x-rename-key: NEW`` renames the matched key in its parent, keeping its
place (Overlay 1.0 cannot rename, e.g. a ``*/*`` media type to ``application/json``), and
``x-where-key: REGEX`` keeps only the matches whose own key matches (``id``, ``*_id``).
"""

from __future__ import annotations

import copy
import json
import re
import sys
from pathlib import Path
from typing import Any

import names
import yaml
from jsonpath_ng.ext import parse as parse_jsonpath  # type: ignore[attr-defined]

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "openapi.yaml"
OVERLAY = ROOT / "openapi.overlay.yaml"
RENAME = "x-rename-key"
#: Project extension: keep only the matches whose own key matches this regular expression
#: (JSONPath filters test a node's members, not the name it stands under).
WHERE_KEY = "x-where-key"


class OverlayError(RuntimeError):
    """The overlay no longer fits the spec it is applied to."""


def load_yaml(path: Path) -> Any:
    with path.open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def _merge(target: Any, update: Any, *, top: bool = True) -> Any:
    """Overlay `update`: objects merge key by key; an array target gets the value appended.

    Inside an object, a value that is not an object replaces what was there, so
    ``update: {type: [integer, string]}`` sets the type rather than extending it.
    """
    if isinstance(target, dict) and isinstance(update, dict):
        for key, value in update.items():
            if key in target:
                target[key] = _merge(target[key], value, top=False)
            else:
                target[key] = copy.deepcopy(value)
        return target
    if top and isinstance(target, list):
        target.extend(copy.deepcopy(update) if isinstance(update, list) else [update])
        return target
    return copy.deepcopy(update)


def _key(match: Any) -> Any:
    path = match.path
    if hasattr(path, "fields"):
        return path.fields[0]
    return path.indices[0]


def _apply_action(doc: dict[str, Any], action: dict[str, Any], matches: list[Any]) -> None:
    # Deepest and last matches first, so removing one never shifts another's index.
    for match in reversed(matches):
        parent = match.context.value if match.context is not None else None
        key = _key(match)
        if RENAME in action:
            new_key = str(action[RENAME])
            if not isinstance(parent, dict):
                raise OverlayError(f"{RENAME}: {action['target']} is not a key of an object")
            if new_key in parent and new_key != key:
                raise OverlayError(f"{RENAME}: {new_key!r} already exists beside {key!r}")
            items = [(new_key if k == key else k, v) for k, v in parent.items()]
            parent.clear()
            parent.update(items)
        elif action.get("remove"):
            if isinstance(parent, dict):
                parent.pop(key, None)
            elif isinstance(parent, list):
                del parent[key]
        elif "update" in action:
            _merge(match.value, action["update"])
        else:
            raise OverlayError(f"action on {action['target']} has neither update nor remove")


def apply(spec: dict[str, Any], overlay: dict[str, Any]) -> dict[str, Any]:
    """Return a corrected copy of ``spec``; raise OverlayError naming every unmatched target."""
    if not str(overlay.get("overlay", "")).startswith("1."):
        raise OverlayError("openapi.overlay.yaml is not an Overlay 1.x document")
    doc = copy.deepcopy(spec)
    missing: list[str] = []
    for number, action in enumerate(overlay.get("actions", []), start=1):
        target = action["target"]
        matches = parse_jsonpath(target).find(doc)
        if WHERE_KEY in action:
            pattern = re.compile(str(action[WHERE_KEY]))
            matches = [m for m in matches if pattern.fullmatch(str(_key(m)))]
        if not matches:
            why = " ".join(str(action.get("description", "")).split())
            missing.append(
                f"  action {number}: {target}\n    (it fixed: {why or 'no reason given'})"
            )
            continue
        _apply_action(doc, action, matches)
    if missing:
        raise OverlayError(
            "overlay targets that match nothing in openapi.yaml (the vendor changed or fixed "
            "these places; review each correction):\n" + "\n".join(missing)
        )
    return doc


def lift_examples(doc: dict[str, Any]) -> dict[str, Any]:
    """Give each media object without an example the example its schema component carries.

    The bundle puts many examples on the component a reply refers to rather than on the reply;
    lifting them keeps one place where tools, tests and mock servers look for an operation's
    example. Nothing is invented: only an example the schema already documents is copied.
    """
    for item in doc.get("paths", {}).values():
        for op in item.values():
            if not isinstance(op, dict):
                continue
            medias = [*op.get("requestBody", {}).get("content", {}).values()]
            for response in op.get("responses", {}).values():
                medias.extend(response.get("content", {}).values())
            for media in medias:
                if "example" in media or "examples" in media:
                    continue
                schema = media.get("schema") or {}
                ref = schema.get("$ref", "")
                if ref.startswith("#/components/schemas/"):
                    schema = doc["components"]["schemas"].get(ref.rsplit("/", 1)[-1], {})
                if "example" in schema:
                    media["example"] = copy.deepcopy(schema["example"])
    return doc


WEBHOOKS = ROOT / "webhooks.openapi.yaml"
_REF = "#/components/schemas/"


def with_second_source(spec: dict[str, Any]) -> dict[str, Any]:
    """``spec`` plus the subscription calls imported from the Developer Tools bundle.

    webhooks.openapi.yaml (a second imported source) carries them with their schemas namespaced
    ``webhook_*``, so nothing of the two bundles merges by accident; only the schemas the calls
    use come along, and the overlay and names then treat them like the B2B bundle's own.
    """
    if not WEBHOOKS.exists():
        return spec
    source = load_yaml(WEBHOOKS)
    doc = copy.deepcopy(spec)
    schemas = source.get("components", {}).get("schemas", {})
    todo, used = [json.dumps(source.get("paths", {}))], set()
    while todo:
        for name in re.findall(r'"#/components/schemas/([^"]+)"', todo.pop()):
            if name not in used:
                used.add(name)
                todo.append(json.dumps(schemas[name]))
    for path, item in (source.get("paths") or {}).items():
        if path in doc["paths"]:
            raise OverlayError(f"{path} is in both the B2B bundle and the Developer Tools bundle")
        doc["paths"][path] = copy.deepcopy(item)
    target = doc.setdefault("components", {}).setdefault("schemas", {})
    for name in sorted(used):
        target[name] = copy.deepcopy(schemas[name])
    return doc


def corrected(spec: dict[str, Any]) -> dict[str, Any]:
    """``spec`` (an imported vendor bundle) with the overlay's corrections and public names."""
    fixed = lift_examples(apply(with_second_source(spec), load_yaml(OVERLAY)))
    return names.apply(fixed, names.load())


def corrected_spec() -> dict[str, Any]:
    """What users get: the committed openapi.yaml, corrected and named."""
    return corrected(load_yaml(SPEC))


def main() -> int:
    try:
        doc = corrected_spec()
    except (OverlayError, names.NamesError) as exc:
        print(exc, file=sys.stderr)
        return 1
    yaml.safe_dump(doc, sys.stdout, sort_keys=False, allow_unicode=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
