"""Measure 6: what growing from 36 to 259 operations costs a user (import and first calls).

The 36-operation package is the last release before the full bundle (``BASELINE``, taken from git
history into a temp folder), measured side by side with the working tree, in fresh interpreters,
rounds interleaved so machine drift hits both alike. Figures go between markers in
docs/PERFORMANCE.md.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tarfile
import tempfile
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BASELINE = "b9079ca"  # main before the vendor bundle: 36 operations
PAGE = ROOT / "docs" / "PERFORMANCE.md"
START, END = "<!-- measure 6: start -->", "<!-- measure 6: end -->"

SNIPPET = """
import json, sys, time
started = time.perf_counter()
import __MODULE__
imported = time.perf_counter() - started
if "__MODULE__" != "altegio_client":
    print(json.dumps({"import": imported})); sys.exit()
import asyncio, httpx
REPLY = {"success": True, "data": __DATA__, "meta": []}
transport = httpx.MockTransport(lambda request: httpx.Response(200, json=REPLY))

async def first_call():
    async with altegio_client.Altegio("p", "u", base_url="http://127.0.0.1/api/v1",
                                      transport=transport, rate_limit=None) as api:
        shop = api.location(4564)
        started = time.perf_counter()
        await __CALL__
        return time.perf_counter() - started

print(json.dumps({"import": imported, "first_call": asyncio.run(first_call())}))
"""

CALLS = {
    "inventory.get_document": ("shop.inventory.get_document(1)", '{"id": 1}'),
    "appointments.get_appointment": ("shop.appointments.get_appointment(1)", '{"id": 1}'),
}


def run(module: str, path: Path, call: str = "", data: str = "null") -> dict[str, float]:
    code = SNIPPET.replace("__MODULE__", module).replace("__CALL__", call or "None")
    code = code.replace("__DATA__", data)
    proc = subprocess.run(
        [sys.executable, "-c", code],
        cwd=path,
        env={"PYTHONPATH": str(path), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=True,
    )
    result: dict[str, float] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


def baseline_tree(dest: Path) -> Path:
    archive = subprocess.run(
        ["git", "archive", "--format=tar", BASELINE, "altegio_client"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(dest, filter="data")
    return dest


def measure(rounds: int) -> dict[str, list[float]]:
    samples: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory(prefix="altegio-growth-") as tmp:
        old = baseline_tree(Path(tmp))
        for _ in range(rounds):
            samples.setdefault("import httpx", []).append(run("httpx", ROOT)["import"])
            for label, tree in (("36 ops", old), ("259 ops", ROOT)):
                first = run("altegio_client", tree, *CALLS["inventory.get_document"])
                samples.setdefault(f"import {label}", []).append(first["import"])
                samples.setdefault(f"first get_document, {label}", []).append(first["first_call"])
            fresh_tag = run("altegio_client", ROOT, *CALLS["appointments.get_appointment"])
            samples.setdefault("first get_appointment, 259 ops", []).append(fresh_tag["first_call"])
    return samples


def render(samples: dict[str, list[float]]) -> str:
    med = {k: statistics.median(v) for k, v in samples.items()}
    rows = [
        (
            "`import altegio_client` / `import httpx`",
            med["import 259 ops"] / med["import httpx"],
            1.5,
        ),
        (
            "import, 259 ops / 36 ops",
            med["import 259 ops"] / med["import 36 ops"],
            None,
        ),
        (
            "first call on a new tag (appointments, 259 ops) / first get_document (36 ops)",
            med["first get_appointment, 259 ops"] / med["first get_document, 36 ops"],
            2.0,
        ),
        (
            "first get_document, 259 ops / 36 ops",
            med["first get_document, 259 ops"] / med["first get_document, 36 ops"],
            2.0,
        ),
    ]
    lines = [
        START,
        "## Measure 6: growing from 36 to 259 operations",
        "",
        f"Medians of {len(samples['import httpx'])} interleaved rounds, each a fresh interpreter; "
        f"the 36-operation package is commit `{BASELINE}` (`bench/growth.py`).",
        "",
        "| measure | ratio | target |",
        "|---|---|---|",
    ]
    for text, ratio, target in rows:
        bound = f"≤ {target:.1f}x" if target else "—"
        lines.append(f"| {text} | {ratio:.2f}x | {bound} |")
    lines += ["", "| raw median | ms |", "|---|---|"]
    lines += [f"| {k} | {v * 1000:.1f} |" for k, v in med.items()]
    lines.append(END)
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    section = render(measure(5 if args.quick else 15))
    page = PAGE.read_text(encoding="utf-8")
    if START in page:
        page = page[: page.index(START)] + section + page[page.index(END) + len(END) + 1 :]
    else:
        page = page.rstrip("\n") + "\n\n" + section
    PAGE.write_text(page, encoding="utf-8")
    print(section)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
