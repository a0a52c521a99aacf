"""Apply openapi.overlay.yaml to openapi.yaml and fail loudly on any target that matches nothing.

oas-patch applies Overlay 1.0 documents but silently skips a target that matches nothing, which
would let a vendor spec update quietly undo a correction. So every action's target is resolved
first, against the document as the previous actions left it, and all misses are reported at once.
"""

from __future__ import annotations

import copy
import sys
from pathlib import Path
from typing import Any

import yaml
from jsonpath_ng.ext import parse as parse_jsonpath  # type: ignore[attr-defined]
from oas_patch.overlay import apply_overlay  # type: ignore[import-untyped]

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "openapi.yaml"
OVERLAY = ROOT / "openapi.overlay.yaml"


class OverlayError(RuntimeError):
    """The overlay no longer fits the spec it is applied to."""


def load_yaml(path: Path) -> Any:
    with path.open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def apply(spec: dict[str, Any], overlay: dict[str, Any]) -> dict[str, Any]:
    """Return a corrected copy of ``spec``; raise OverlayError naming every unmatched target."""
    if not str(overlay.get("overlay", "")).startswith("1."):
        raise OverlayError("openapi.overlay.yaml is not an Overlay 1.x document")
    doc = copy.deepcopy(spec)
    missing: list[str] = []
    for number, action in enumerate(overlay.get("actions", []), start=1):
        target = action["target"]
        if not parse_jsonpath(target).find(doc):
            missing.append(f"  action {number}: {target}  ({action.get('description', '')})")
            continue
        doc = apply_overlay(doc, {"actions": [action]})
    if missing:
        raise OverlayError(
            "overlay targets that match nothing in openapi.yaml (the vendor spec changed?):\n"
            + "\n".join(missing)
        )
    return doc


def corrected_spec() -> dict[str, Any]:
    """The vendor transcription with every correction from the overlay applied."""
    result: dict[str, Any] = apply(load_yaml(SPEC), load_yaml(OVERLAY))
    return result


def main() -> int:
    try:
        doc = corrected_spec()
    except OverlayError as exc:
        print(exc, file=sys.stderr)
        return 1
    yaml.safe_dump(doc, sys.stdout, sort_keys=False, allow_unicode=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
