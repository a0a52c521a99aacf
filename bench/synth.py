"""A synthetic package with N times the operations, built by the project's own generator.

Each copy k of the corrected spec gets renamed paths (/copy{k}/...), operationIds (<id>_copy{k})
and schemas (<Name>Copy{k}), then goes through openapi-python-client with tools/templates and
tools/gen_facade.py exactly like `make generate`. The generated parts are cached in the temp
folder (keyed by everything that shapes them); the hand-written runtime is copied in fresh.
"""

from __future__ import annotations

import copy
import hashlib
import json
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

from bench.payloads import spec

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "altegio_client"
TEMPLATES = ROOT / "tools" / "templates"
CONFIG = ROOT / "generator-config.yml"
SCHEMA_REF = "#/components/schemas/"
HTTP_METHODS = {"get", "put", "post", "delete", "patch", "head", "options", "trace"}


def _rename_refs(node: Any, suffix: str) -> Any:
    if isinstance(node, dict):
        out = {}
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str) and value.startswith(SCHEMA_REF):
                out[key] = value + suffix
            else:
                out[key] = _rename_refs(value, suffix)
        return out
    if isinstance(node, list):
        return [_rename_refs(item, suffix) for item in node]
    return node


def multiply(base: dict[str, Any], factor: int) -> dict[str, Any]:
    """The spec with ``factor`` times its operations and schemas (copy 0 is the original)."""
    out = copy.deepcopy(base)
    for k in range(1, factor):
        suffix = f"Copy{k}"
        for path, item in base["paths"].items():
            renamed = _rename_refs(item, suffix)
            for method, operation in renamed.items():
                if method in HTTP_METHODS and "operationId" in operation:
                    operation["operationId"] = f"{operation['operationId']}_copy{k}"
            out["paths"][f"/copy{k}{path}"] = renamed
        for name, schema in base["components"]["schemas"].items():
            out["components"]["schemas"][name + suffix] = _rename_refs(schema, suffix)
    return out


def operation_count(a_spec: dict[str, Any]) -> int:
    return sum(1 for item in a_spec["paths"].values() for method in item if method in HTTP_METHODS)


def _generator_key(a_spec: dict[str, Any]) -> str:
    digest = hashlib.sha256(json.dumps(a_spec, sort_keys=True).encode())
    tools = [ROOT / "tools" / name for name in ("generate.py", "gen_facade.py", "gen_bodies.py")]
    for path in [CONFIG, *tools, *sorted(TEMPLATES.rglob("*"))]:
        if path.is_file():
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _generate(a_spec: dict[str, Any], dest: Path) -> None:
    """The project's own generation step (tools/generate.py) into ``dest``."""
    sys.path.insert(0, str(ROOT / "tools"))
    from generate import generate_into  # tools/ is not a package; used as-is

    with tempfile.TemporaryDirectory(prefix="altegio-bench-gen-") as tmp:
        generate_into(a_spec, Path(tmp), banner="")
        staging = dest.with_name(dest.name + ".partial")
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir(parents=True)
        shutil.copytree(Path(tmp) / "_generated", staging / "_generated")
        shutil.copytree(Path(tmp) / "_facade", staging / "_facade")
        staging.rename(dest)


def build_package(factor: int, workdir: Path) -> tuple[Path, int]:
    """A folder holding an ``altegio_client`` package with ``factor`` x the operations.

    Returns the folder to put first on sys.path and the number of operations in it.
    """
    a_spec = multiply(spec(), factor)
    cache = Path(tempfile.gettempdir()) / f"altegio-bench-x{factor}-{_generator_key(a_spec)}"
    if not cache.is_dir():
        _generate(a_spec, cache)
    target = workdir / f"x{factor}"
    package = target / "altegio_client"
    shutil.copytree(
        PACKAGE,
        package,
        ignore=shutil.ignore_patterns("_generated", "_facade", "__pycache__", "testing"),
    )
    for part in ("_generated", "_facade"):
        shutil.copytree(cache / part, package / part)
    return target, operation_count(a_spec)
