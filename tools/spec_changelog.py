"""The API-surface changelog between two corrected specs, from Optic's diff.

``tools/optic_diff.cjs`` runs Optic (``@useoptic/optic``, pinned in package.json) on the two
documents and returns its JSON changelog plus the breaking-change checks that failed (Optic's
standard breaking-changes ruleset). This module turns that into the project's own format: one
line per change, operations named by operationId, each line breaking when an Optic check failed
at (or under) the place it describes. A failed check no line claims gets a line of its own, so
nothing Optic calls breaking is lost.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
OPTIC_SCRIPT = Path(__file__).resolve().parent / "optic_diff.cjs"
METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


class DiffError(RuntimeError):
    """Optic could not be run or did not answer."""


@dataclass
class Changelog:
    breaking: list[str] = field(default_factory=list)
    other: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.breaking or self.other)

    def extend(self, more: Changelog) -> None:
        self.breaking.extend(more.breaking)
        self.other.extend(more.other)

    def render(self) -> str:
        if not self:
            return "No changes to the API surface."
        out: list[str] = []
        if self.breaking:
            out.append(f"Breaking changes ({len(self.breaking)}):")
            out.extend(f"- {line}" for line in self.breaking)
        if self.other:
            out.append(f"Non-breaking changes ({len(self.other)}):")
            out.extend(f"- {line}" for line in self.other)
        return "\n".join(out)


def _escape(segment: str) -> str:
    return segment.replace("~", "~0").replace("/", "~1")


def run_optic(before: dict[str, Any], after: dict[str, Any], *, root: Path = ROOT) -> Any:
    """Optic's {changelog, checks} for two OpenAPI documents (written to a temp folder)."""
    node = shutil.which("node")
    if node is None:
        raise DiffError("node not found; install Node.js >= 18 and run `make node`")
    if not (root / "node_modules" / "@useoptic" / "optic").exists():
        raise DiffError("Optic is not installed; run `make node`")
    with tempfile.TemporaryDirectory(prefix="altegio-diff-") as tmp:
        files = []
        for name, doc in (("before.json", before), ("after.json", after)):
            path = Path(tmp) / name
            path.write_text(json.dumps(doc), encoding="utf-8")
            files.append(str(path))
        env = dict(os.environ, OPTIC_TELEMETRY_LEVEL="off", NODE_PATH=str(root / "node_modules"))
        proc = subprocess.run(
            [node, str(OPTIC_SCRIPT), *files],
            cwd=tmp,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
    if proc.returncode != 0:
        raise DiffError(f"Optic failed (exit {proc.returncode}):\n{proc.stderr.strip()}")
    return json.loads(proc.stdout)


def _resolve(doc: dict[str, Any], node: Any) -> Any:
    seen = 0
    while isinstance(node, dict) and "$ref" in node and seen < 20:
        ref = str(node["$ref"])
        node = doc
        for part in ref.lstrip("#/").split("/"):
            node = node.get(part.replace("~1", "/").replace("~0", "~"), {})
        seen += 1
    return node


class _Spec:
    """Operation ids and parameter positions of one side of the diff."""

    def __init__(self, doc: dict[str, Any]) -> None:
        self.doc = doc

    def operation(self, method: str, path: str) -> dict[str, Any]:
        item = _resolve(self.doc, (self.doc.get("paths") or {}).get(path) or {})
        op = item.get(method.lower()) if isinstance(item, dict) else None
        return op if isinstance(op, dict) else {}

    def operation_id(self, method: str, path: str) -> str | None:
        op_id = self.operation(method, path).get("operationId")
        return str(op_id) if op_id else None

    def parameter_index(self, method: str, path: str, name: str, where: str) -> int | None:
        params = self.operation(method, path).get("parameters") or []
        for index, param in enumerate(params):
            param = _resolve(self.doc, param)
            if param.get("name") == name and param.get("in") == where:
                return index
        return None


def _describe(before: Any, after: Any) -> str:
    """What changed in a property or parameter, from Optic's before/after summaries."""
    b = before if isinstance(before, dict) else {}
    a = after if isinstance(after, dict) else {}
    parts = []
    for key in sorted(set(b) | set(a), key=lambda k: (k != "type", k)):
        old, new = b.get(key), a.get(key)
        if old == new:
            continue
        if key == "required":
            parts.append("made required" if new else "made optional")
        elif key == "enum" and isinstance(old, list) and isinstance(new, list):
            added = [v for v in new if v not in old]
            removed = [v for v in old if v not in new]
            if added:
                parts.append(f"enum values added {_show(added)}")
            if removed:
                parts.append(f"enum values removed {_show(removed)}")
        else:
            parts.append(f"{key} {_show(old)} -> {_show(new)}")
    return ", ".join(parts) or "changed"


def _show(value: Any) -> str:
    if value is None:
        return "(none)"
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _field(key: str) -> str:
    """``/schema/properties/data/items/properties/b`` -> ``data[].b``; else the schema path."""
    parts = [p for p in key.split("/") if p]
    if parts[:1] == ["schema"]:
        parts = parts[1:]
    out, i = "", 0
    while i < len(parts):
        if parts[i] == "properties" and i + 1 < len(parts):
            out += ("." if out else "") + parts[i + 1]
            i += 2
        elif parts[i] == "items":
            out += "[]"
            i += 1
        else:
            return "/".join(parts) or "schema"
    return out or "schema"


@dataclass
class _Line:
    text: str
    pointer: str
    covers_children: bool = False


def _schema_lines(
    where: str, pointer: str, content_types: list[dict[str, Any]], lines: list[_Line]
) -> None:
    for ct in content_types:
        ct_pointer = f"{pointer}/content/{_escape(ct['name'])}"
        if ct.get("change") in ("added", "removed"):
            lines.append(_Line(f"{where} {ct['name']} {ct['change']}", ct_pointer, True))
            continue
        for attr in ct.get("attributes", []):
            key = attr.get("key", "")
            what = _field(key)
            change = attr.get("change")
            label = "field" if "properties" in key else "schema"
            if change == "added":
                extra = " (required)" if (attr.get("after") or {}).get("required") else ""
                text = f"{where} {label} `{what}` added{extra}"
            elif change == "removed":
                text = f"{where} {label} `{what}` removed"
            else:
                text = (
                    f"{where} {label} `{what}`: {_describe(attr.get('before'), attr.get('after'))}"
                )
            lines.append(_Line(text, ct_pointer + key))


def _operation_lines(entry: dict[str, Any], before: _Spec, after: _Spec) -> list[_Line]:
    method, _, path = str(entry["name"]).partition(" ")
    side = before if entry.get("change") == "removed" else after
    op_id = side.operation_id(method, path) or before.operation_id(method, path)
    name = f"`{op_id}` ({method} {path})" if op_id else f"{method} {path}"
    pointer = f"/paths/{_escape(path)}/{method.lower()}"
    lines: list[_Line] = []
    if entry.get("change") in ("added", "removed"):
        return [_Line(f"{name}: operation {entry['change']}", pointer, True)]
    for attr in entry.get("attributes", []):
        key = attr.get("key", "")
        if key == "/deprecated":
            state = "deprecated" if attr.get("after") else "no longer deprecated"
            lines.append(_Line(f"{name}: operation {state}", pointer + key))
        elif key == "/operationId":
            lines.append(
                _Line(f"{name}: operationId {_show(attr.get('before'))} -> {op_id}", pointer + key)
            )
        else:
            lines.append(_Line(f"{name}: {key.strip('/')} {attr.get('change')}", pointer + key))
    for param in entry.get("parameters", []):
        label = str(param["name"]).replace("'", "`")
        change = param.get("change")
        attrs = param.get("attributes", [])
        raw = next((a.get("after") or a.get("before") for a in attrs if a.get("key") == ""), None)
        pname = label.split("`")[1] if "`" in label else label
        where = label.split(" ")[0]
        index = (before if change == "removed" else after).parameter_index(
            method, path, pname, where
        )
        p_pointer = f"{pointer}/parameters/{index}" if index is not None else pointer + "/?"
        if change == "added":
            required = " (required)" if isinstance(raw, dict) and raw.get("required") else ""
            lines.append(_Line(f"{name}: {label} added{required}", p_pointer, True))
        elif change == "removed":
            lines.append(_Line(f"{name}: {label} removed", p_pointer, True))
        else:
            diffs = []
            for attr in attrs:
                key = attr.get("key", "")
                if key == "/required":
                    diffs.append("made required" if attr.get("after") else "made optional")
                else:
                    diffs.append(f"{key.strip('/')} {_describe_value(attr)}")
            lines.append(_Line(f"{name}: {label} {', '.join(diffs)}", p_pointer, True))
    body = entry.get("requestBody")
    if body:
        b_pointer = pointer + "/requestBody"
        if body.get("change") in ("added", "removed"):
            lines.append(_Line(f"{name}: request body {body['change']}", b_pointer, True))
        else:
            _schema_lines(f"{name}: request body", b_pointer, body.get("contentTypes", []), lines)
    for response in entry.get("responses", []):
        code = str(response["name"]).split(" ")[0]
        r_pointer = f"{pointer}/responses/{_escape(code)}"
        if response.get("change") in ("added", "removed"):
            lines.append(_Line(f"{name}: response {code} {response['change']}", r_pointer, True))
        else:
            _schema_lines(
                f"{name}: response {code}", r_pointer, response.get("contentTypes", []), lines
            )
    return lines


def _describe_value(attr: dict[str, Any]) -> str:
    if attr.get("change") == "added":
        return f"added {_show(attr.get('after'))}"
    if attr.get("change") == "removed":
        return f"removed (was {_show(attr.get('before'))})"
    before, after = attr.get("before"), attr.get("after")
    if isinstance(before, dict) or isinstance(after, dict):
        return _describe(before, after)
    return f"{_show(before)} -> {_show(after)}"


def _claims(line: _Line, check_pointer: str) -> bool:
    if check_pointer == line.pointer:
        return True
    return check_pointer.startswith(line.pointer + "/")


def changelog_from_optic(
    result: Any, before_doc: dict[str, Any], after_doc: dict[str, Any]
) -> Changelog:
    """The project's changelog lines from ``run_optic``'s answer."""
    before, after = _Spec(before_doc), _Spec(after_doc)
    lines: list[_Line] = []
    for entry in result["changelog"].get("operations", []):
        lines.extend(_operation_lines(entry, before, after))
    checks = result.get("checks", [])
    breaking_ids: set[int] = set()
    unclaimed = []
    for check in checks:
        pointer = str((check.get("location") or {}).get("jsonPath", ""))
        # The most specific line that describes the place the check failed at.
        owners = [i for i, line in enumerate(lines) if _claims(line, pointer)]
        if owners:
            breaking_ids.add(max(owners, key=lambda i: len(lines[i].pointer)))
        else:
            unclaimed.append(check)
    log = Changelog()
    for i, line in enumerate(lines):
        (log.breaking if i in breaking_ids else log.other).append(line.text)
    for check in unclaimed:
        where = str((check.get("location") or {}).get("jsonPath", ""))
        log.breaking.append(f"{where}: {check.get('error', check.get('name'))}")
    return log


def diff(before: dict[str, Any], after: dict[str, Any], *, root: Path = ROOT) -> Changelog:
    """Breaking and non-breaking API-surface changes from ``before`` to ``after``."""
    return changelog_from_optic(run_optic(before, after, root=root), before, after)
