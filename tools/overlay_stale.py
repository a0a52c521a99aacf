"""Say which vendor change made an overlay correction stale.

tools/overlay.py names every target that matches nothing. This adds, for each of them, the
longest part of the target's JSONPath that still matches in the new spec and the step after it
that vanished, and whether that step matched in the committed spec (so the vendor removed or
renamed it) or never did (the correction relied on an earlier action).
"""

from __future__ import annotations

from typing import Any

import overlay
import yaml
from jsonpath_ng import Child, Descendants
from jsonpath_ng.ext import parse as parse_jsonpath  # type: ignore[attr-defined]


def _chain(expr: Any) -> list[Any]:
    """The prefixes of a parsed JSONPath, shortest first (``$``, ``$.paths``, ...)."""
    if isinstance(expr, Child | Descendants):
        return [*_chain(expr.left), expr]
    return [expr]


def _count(expr: Any, doc: Any) -> int:
    try:
        return len(expr.find(doc))
    except Exception:  # a filter that cannot run on this node counts as no match
        return 0


def vanished(target: str, old: Any, new: Any) -> str | None:
    """Why ``target`` matches nothing in ``new``; None when it does match."""
    chain = _chain(parse_jsonpath(target))
    if _count(chain[-1], new):
        return None
    kept = chain[0]
    for expr in chain[1:]:
        if not _count(expr, new):
            step = str(expr.right)
            was = _count(expr, old)
            history = (
                f"it matched {was} node(s) in the committed spec: the vendor removed or renamed it"
                if was
                else "it matched nothing in the committed spec either"
            )
            return f"{kept} still matches, but the next step {step} does not ({history})"
        kept = expr
    return f"{target} matches nothing ({'it did before' if _count(chain[-1], old) else 'new'})"


def explain(old: dict[str, Any], new: dict[str, Any]) -> str:
    """One paragraph per overlay action whose target no longer matches ``new``."""
    actions = (overlay.load_yaml(overlay.OVERLAY) or {}).get("actions", [])
    out = []
    for number, action in enumerate(actions, start=1):
        why = vanished(str(action["target"]), old, new)
        if why:
            out.append(f"  action {number}: {why}")
    if not out:
        return "(every target matches the imported spec; an earlier action changed its place)"
    return "what vanished in the new spec:\n" + "\n".join(out)


if __name__ == "__main__":
    import sys

    with open(sys.argv[1], encoding="utf-8") as a, open(sys.argv[2], encoding="utf-8") as b:
        print(explain(yaml.safe_load(a), yaml.safe_load(b)))
