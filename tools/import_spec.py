"""Turn the vendor's published OpenAPI bundle into the committed ``openapi.yaml``.

The project keeps the vendor's facts (paths, operationIds, tags, parameters, schemas, types,
formats, enums, examples, security, deprecation) and none of its prose (descriptions, summaries,
titles). The result is a pure function of the bundle's bytes and of the inputs named on the
command line: no clock is read, so importing the same bundle twice gives byte-identical files.

The import also writes ``openapi.lock.yaml``: where the bundle came from, its sha256 and size,
and the date it was downloaded (an input, not the time the import ran).

Importing an already imported ``openapi.yaml`` gives the same file back, so ``make update-spec``
also accepts a locally edited copy of the committed spec.
"""

from __future__ import annotations

import argparse
import hashlib
import re
import sys
from http import HTTPStatus
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "openapi.yaml"
LOCK = ROOT / "openapi.lock.yaml"

#: Words of the vendor's that the project does not keep, wherever an OpenAPI object has them.
PROSE = frozenset({"description", "summary", "title", "termsOfService"})
#: Keys whose value is data (kept exactly as the vendor wrote it), never an OpenAPI object.
DATA = frozenset({"example", "enum", "default", "const", "x-tagGroups"})
#: Keys whose value maps user-chosen names (fields, paths, codes, media types) to objects.
NAME_MAPS = frozenset(
    {
        "properties",
        "patternProperties",
        "$defs",
        "definitions",
        "paths",
        "responses",
        "content",
        "headers",
        "schemas",
        "parameters",
        "requestBodies",
        "securitySchemes",
        "links",
        "callbacks",
        "webhooks",
        "encoding",
        "variables",
        "dependentSchemas",
        "pathItems",
    }
)
#: The project's own title for the imported document (OpenAPI requires one).
TITLE = "Altegio Business Management B2B API v1 (imported)"
HEADER = (
    "# Imported by tools/import_spec.py from the vendor's bundle; do not edit by hand.\n"
    "# Corrections go in openapi.overlay.yaml, public names in openapi.names.yaml.\n"
)
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class ImportError_(ValueError):
    """The bundle cannot be imported (not YAML/JSON, not OpenAPI 3.x)."""


def _strip(node: Any, *, parent: str | None = None) -> Any:
    """Copy ``node`` without prose; ``parent`` is the key under which it stands."""
    if isinstance(node, list):
        return [_strip(item) for item in node]
    if not isinstance(node, dict):
        return node
    if parent in NAME_MAPS:
        # Keys are names (a field called `title` is a fact): keep every one, strip the values.
        out_map = {key: _strip(value, parent=None) for key, value in node.items()}
        if parent == "responses":
            for key, response in out_map.items():
                if isinstance(response, dict) and "$ref" not in response:
                    out_map[key] = {"description": _status_phrase(str(key)), **response}
        return out_map
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key in PROSE and not isinstance(value, dict | list):
            continue
        if key in DATA:
            out[key] = value
        elif key == "examples":
            out[key] = _examples(value)
        else:
            out[key] = _strip(value, parent=key)
    return out


def _status_phrase(key: str) -> str:
    """A response needs a description: the standard HTTP phrase stands in for the vendor's."""
    digits = re.match(r"\d{3}", key)
    if digits:
        try:
            return HTTPStatus(int(digits.group())).phrase
        except ValueError:
            return f"HTTP {digits.group()}"
    return "Response"


def _examples(value: Any) -> Any:
    """JSON Schema ``examples`` (a list) is data; OpenAPI ``examples`` maps names to objects."""
    if not isinstance(value, dict):
        return value
    out: dict[str, Any] = {}
    for name, example in value.items():
        if isinstance(example, dict):
            out[name] = {k: v for k, v in example.items() if k not in PROSE}
        else:
            out[name] = example
    return out


def import_document(bundle: dict[str, Any]) -> dict[str, Any]:
    """The bundle with its prose removed and the project's own title."""
    if not isinstance(bundle, dict) or not str(bundle.get("openapi", "")).startswith("3."):
        raise ImportError_("not an OpenAPI 3.x document")
    doc: dict[str, Any] = _strip(bundle)
    info = dict(doc.get("info") or {})
    info["title"] = TITLE
    doc["info"] = {"title": info.pop("title"), **info}
    return doc


def dump(doc: dict[str, Any]) -> str:
    """The one YAML rendering every import uses (stable key order, no line folding)."""
    text: str = yaml.safe_dump(
        doc, sort_keys=False, allow_unicode=True, width=1_000_000, default_flow_style=False
    )
    return HEADER + text


def import_bundle(raw: bytes, *, source: str, downloaded: str) -> tuple[str, str]:
    """(openapi.yaml text, openapi.lock.yaml text) for the bundle ``raw``."""
    if not DATE.match(downloaded):
        raise ImportError_(f"the download date must be YYYY-MM-DD, got {downloaded!r}")
    try:
        bundle = yaml.safe_load(raw)
    except yaml.YAMLError as exc:
        raise ImportError_(f"the bundle is not YAML or JSON: {exc}") from exc
    spec = dump(import_document(bundle))
    lock = {
        "source": source,
        "sha256": hashlib.sha256(raw).hexdigest(),
        "bytes": len(raw),
        "downloaded": downloaded,
        "openapi": str(bundle.get("openapi")),
        "version": str((bundle.get("info") or {}).get("version", "")),
    }
    lock_text = "# What openapi.yaml was imported from (tools/import_spec.py).\n" + yaml.safe_dump(
        lock, sort_keys=False
    )
    return spec, lock_text


# -- second source: the webhook events of the Developer Tools bundle -----------------------

WEBHOOKS = ROOT / "webhooks.openapi.yaml"
WEBHOOKS_LOCK = ROOT / "webhooks.lock.yaml"
#: Prefix of every component the webhook import keeps: the Developer Tools bundle shares
#: component names with the B2B bundle (``loyalty_card`` differs), so they never mix.
WEBHOOK_PREFIX = "webhook_"
WEBHOOKS_TITLE = "Altegio webhook events (imported)"
WEBHOOKS_HEADER = (
    "# Imported by tools/import_spec.py (import_webhooks) from the vendor's Developer Tools\n"
    "# bundle; do not edit by hand. Only its `webhooks:` and the schemas they use are kept.\n"
)
_REF = "#/components/schemas/"


def _schema_refs(node: Any) -> set[str]:
    """Names of the component schemas ``node`` refers to, directly."""
    found: set[str] = set()
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith(_REF):
            found.add(ref[len(_REF) :])
        for value in node.values():
            found |= _schema_refs(value)
    elif isinstance(node, list):
        for item in node:
            found |= _schema_refs(item)
    return found


def _namespaced(name: str) -> str:
    """``name`` in the webhook namespace (already namespaced names stay: re-imports are stable)."""
    return name if name.startswith(WEBHOOK_PREFIX) else WEBHOOK_PREFIX + name


def _prefix_refs(node: Any) -> Any:
    """Copy of ``node`` with every component-schema reference renamed into the namespace."""
    if isinstance(node, dict):
        out = {key: _prefix_refs(value) for key, value in node.items()}
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith(_REF):
            out["$ref"] = _REF + _namespaced(ref[len(_REF) :])
        return out
    if isinstance(node, list):
        return [_prefix_refs(item) for item in node]
    return node


#: The subscription calls of the Developer Tools bundle; the client gets them beside the B2B calls.
HOOKS_SETTINGS = "/hooks_settings/{location_id}"


def import_webhooks_document(bundle: dict[str, Any]) -> dict[str, Any]:
    """The bundle's ``webhooks:`` and subscription path (prose stripped), and only the component
    schemas they use."""
    doc = import_document(bundle)
    events = doc.get("webhooks")
    if not isinstance(events, dict) or not events:
        raise ImportError_("the bundle has no top-level `webhooks:`")
    schemas = (doc.get("components") or {}).get("schemas") or {}
    # Absent, the subscription calls simply are not offered (the overlay's actions for them then
    # fail the build, naming what vanished).
    settings = (doc.get("paths") or {}).get(HOOKS_SETTINGS) or {}
    wanted: set[str] = set()
    todo = _schema_refs(events) | _schema_refs(settings)
    while todo:
        name = todo.pop()
        if name in wanted:
            continue
        if name not in schemas:
            raise ImportError_(f"a webhook refers to the missing schema {name!r}")
        wanted.add(name)
        todo |= _schema_refs(schemas[name])
    info = {"title": WEBHOOKS_TITLE, "version": str((doc.get("info") or {}).get("version", ""))}
    return {
        "openapi": doc["openapi"],
        "info": info,
        "paths": {HOOKS_SETTINGS: _prefix_refs(settings)} if settings else {},
        "webhooks": _prefix_refs(events),
        "components": {
            "schemas": {_namespaced(n): _prefix_refs(schemas[n]) for n in sorted(wanted)}
        },
    }


def import_webhooks(raw: bytes, *, source: str, downloaded: str) -> tuple[str, str]:
    """(webhooks.openapi.yaml text, webhooks.lock.yaml text) for the Developer Tools bundle."""
    if not DATE.match(downloaded):
        raise ImportError_(f"the download date must be YYYY-MM-DD, got {downloaded!r}")
    try:
        bundle = yaml.safe_load(raw)
    except yaml.YAMLError as exc:
        raise ImportError_(f"the bundle is not YAML or JSON: {exc}") from exc
    text = WEBHOOKS_HEADER + dump(import_webhooks_document(bundle))[len(HEADER) :]
    lock = {
        "source": source,
        "sha256": hashlib.sha256(raw).hexdigest(),
        "bytes": len(raw),
        "downloaded": downloaded,
        "openapi": str(bundle.get("openapi")),
        "version": str((bundle.get("info") or {}).get("version", "")),
    }
    lock_text = "# What webhooks.openapi.yaml was imported from (tools/import_spec.py).\n"
    return text, lock_text + yaml.safe_dump(lock, sort_keys=False)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("bundle", type=Path, help="the downloaded bundle (YAML or JSON)")
    parser.add_argument("--source", required=True, help="where the bundle came from (URL or path)")
    parser.add_argument("--downloaded", required=True, help="download date, YYYY-MM-DD")
    parser.add_argument("--spec-out", type=Path, default=SPEC)
    parser.add_argument("--lock-out", type=Path, default=LOCK)
    args = parser.parse_args(argv)
    try:
        spec, lock = import_bundle(
            args.bundle.read_bytes(), source=args.source, downloaded=args.downloaded
        )
    except ImportError_ as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    args.spec_out.write_text(spec, encoding="utf-8")
    args.lock_out.write_text(lock, encoding="utf-8")
    print(
        f"imported {args.bundle} -> {args.spec_out.name} (sha256 {lock.split('sha256: ')[1][:12]}…)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
