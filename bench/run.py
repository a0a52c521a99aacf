"""Run every benchmark and write docs/PERFORMANCE.md (`make bench`, `make bench QUICK=1`).

Raw numbers go to bench/results/latest.json (ignored by git) for closer study.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import json
import signal
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script: make the `bench` package importable
    sys.path.insert(0, str(ROOT))

from bench import fleet, imports, inmemory, latency, parsing, pipeline, report  # noqa: E402
from bench.serve import running_server  # noqa: E402

STARTED = time.perf_counter()


def log(message: str) -> None:
    print(f"[{time.perf_counter() - STARTED:6.1f}s] {message}", file=sys.stderr, flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="fewer rounds and calls (< 1 min)")
    parser.add_argument("--output", type=Path, default=ROOT / "docs" / "PERFORMANCE.md")
    parser.add_argument(
        "--only", choices=["fleet"], help="run measure 5 alone and update just its part of the page"
    )
    args = parser.parse_args()
    # a plain SIGTERM would skip the `finally` that stops the server process
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))

    if args.only == "fleet":
        check = report.update_fleet(args.output, fleet.measure(args.quick, log))
        log(f"{'ok  ' if check.met else 'MISS'} {check.text}: {check.measured}")
        log(f"updated measure 5 in {args.output}")
        return 0

    with running_server() as server:
        lat = asyncio.run(latency.measure(server, latency.plan(args.quick), log))
    mem = inmemory.run(args.quick, log)
    par = parsing.measure(args.quick, log)
    imp = imports.measure(args.quick, log)
    with running_server(per_second=pipeline.LIMIT) as server:
        pipe = asyncio.run(pipeline.measure(server, args.quick, log))
    many = fleet.measure(args.quick, log)

    results = ROOT / "bench" / "results"
    results.mkdir(exist_ok=True)
    raw = {
        "quick": args.quick,
        "latency": {"|".join(map(str, k)): v for k, v in lat.seconds.items()},
        "inmemory": mem.micros,
        "parsing": {"|".join(map(str, k)): v for k, v in par.micros.items()},
        "imports": imp.seconds,
        "scaling": {str(k): v for k, v in imp.scaling.items()},
        "pipeline": {k: [dataclasses.asdict(r) for r in v] for k, v in pipe.runs.items()},
        "fleet": [dataclasses.asdict(r) for r in many.runs],
    }
    (results / "latest.json").write_text(json.dumps(raw, indent=1), encoding="utf-8")
    checks = report.write(args.output, args.quick, lat, mem, par, imp, pipe, many)
    for check in checks:
        log(f"{'ok  ' if check.met else 'MISS'} {check.text}: {check.measured}")
    log(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
