"""Write docs/PERFORMANCE.md from one bench run (bench/run.py calls this; never edit by hand)."""

from __future__ import annotations

import os
import platform
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path

from bench.contenders import FACTORIES
from bench.fleet import FleetBench
from bench.imports import MODULES, ImportResult
from bench.inmemory import InMemoryResult
from bench.latency import LatencyResult
from bench.parsing import LABELS, PARSERS, ParsingResult
from bench.pipeline import PipelineResult
from bench.stats import Spread

DOC_CASE = "get_document"

# What the numbers above rest on, found by profiling; kept here so the page stays regenerated.
NOTES = [
    "- The limiter stamps each request when its headers start going out (httpcore trace",
    "  events) and frees its place then, so a slow reply holds nothing back. Stamping at the",
    "  moment a place was granted drew 429s in measure 4 (about 20 in 500 calls): the first",
    "  burst of a cold client spends up to ~0.2 s connecting before its bytes leave, so the next",
    "  window opened early.",
    "- httpx is everyone's main cost: a bare `http.client` call to the same server takes about",
    "  a fifth of the floor's time, so over loopback the SDKs differ by little more than this",
    "  machine's noise (see the ranges in measure 1); measure 1b takes the network out.",
    "- What profiling (cProfile, in-memory `get_document` calls) found and what was fixed:",
    "  the generated models imported their nested models inside every `from_dict`/`to_dict`",
    "  call (12 relative imports per `get_document`): the project's model template now imports",
    "  them once, after the class; an empty `params={}` and a relative URL made httpx parse and",
    "  merge the URL twice: the client now passes an absolute URL and no empty params; the",
    "  request id was looked up with four `Headers` scans: now one pass, and only when needed.",
    "  What is left above the floor is mostly the generated parse of the document",
    "  (`Location.from_dict`, about 50 fields). The model template writes `from_dict` as",
    "  straight-line code with numbers-as-strings converted in the same step (no separate walk",
    "  over the reply, no closure or exception per union field): measure 2 includes it for ours.",
    "- Decoding replies: msgspec reads a transaction page 1.5 to 2.5 times as fast as",
    "  `json.loads` and, unlike orjson, keeps integers beyond 64 bits exact (orjson rounds them",
    "  to floats; guarding against that costs a scan of every body, ~0.6 µs per item). Bodies",
    "  it refuses go to `json.loads`, so results and errors stay the standard library's.",
    "- The garbage collector: building a page runs a young collection every 700 new containers",
    "  and, in a small process, full ones over the whole heap, all finding nothing to free.",
    "  Bodies from 16 KiB on are decoded and built with it paused (re-enabled in a `finally`;",
    "  nothing is frozen, so the page is collected as usual later). Measured on the call path",
    "  (each page held until the next, the put-off collection counted): 1,000 items 23.6 →",
    "  15.7 µs per item, 10,000 items 31.1 → 19.0 (before the model template was tightened);",
    "  in a process already holding a million objects the gain shrinks to ~6%, as full",
    "  collections come rarely there. `gc.freeze()` was not used: it would also freeze the",
    "  caller's objects.",
    "- Import: asyncio, attrs and the generated package load on first use, not on import;",
    "  the facade loads tag modules on first use too, which is why the import does not grow",
    "  with the number of operations.",
]
LEVELS = (1, 10, 100)


@dataclass
class Target:
    text: str
    measured: str
    met: bool


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def machine(quick: bool) -> list[str]:
    load = " / ".join(f"{x:.2f}" for x in os.getloadavg())
    versions = ", ".join(
        f"{name} {version(name)}"
        for name in ("httpx", "httpcore", "attrs", "pydantic", "msgspec", "yclients", "uvicorn")
    )
    return [
        f"- Date: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC; mode: {'quick' if quick else 'full'}",
        f"- Machine: {os.cpu_count()} cores ({cpu_model()}), {platform.system()} "
        f"{platform.release()}; load average at the end 1/5/15 min: {load}",
        f"- Python {platform.python_version()} ({platform.python_implementation()}); {versions}",
    ]


def us(spread: Spread) -> str:
    return spread.fmt(0)


def x(spread: Spread) -> str:
    return spread.fmt(2, "x")


def latency_section(result: LatencyResult) -> list[str]:
    names = {key: cls.name for key, cls in FACTORIES.items()}
    head = "| client | " + " | ".join(f"{n} task{'s' * (n > 1)}" for n in LEVELS) + " |"
    rule = "|---|" + "---|" * len(LEVELS)
    lines = [
        "## 1. Per-call time and throughput (`get_document`)",
        "",
        "Time per call in µs, median (min..max) over rounds; with N tasks it is wall time ÷ calls,",
        "so calls/s = 10⁶ ÷ µs.",
        "",
        head,
        rule,
    ]
    for key, name in names.items():
        cells = [us(result.per_call(key, DOC_CASE, n)) for n in LEVELS]
        rates = [f"{1e6 / result.per_call(key, DOC_CASE, n).median:,.0f}/s" for n in LEVELS]
        lines.append(
            f"| {name} | "
            + " | ".join(f"{c} · {r}" for c, r in zip(cells, rates, strict=True))
            + " |"
        )
    lines += [
        "",
        "Relative to the floor (time per call ÷ the floor's, same round):",
        "",
        head,
        rule,
    ]
    for key, name in names.items():
        if key != "floor":
            cells = [x(result.vs(key, "floor", DOC_CASE, n)) for n in LEVELS]
            lines.append(f"| {name} | " + " | ".join(cells) + " |")
    lines += ["", "Ours relative to the peer (below 1 = faster):", "", head, rule]
    cells = [x(result.vs("ours", "peer", DOC_CASE, n)) for n in LEVELS]
    lines.append(f"| {names['ours']} ÷ {names['peer']} | " + " | ".join(cells) + " |")
    others = sorted({case for case, _, _ in result.plan.runs} - {DOC_CASE})
    if others:
        lines += [
            "",
            "Other operations, one task (µs per call; ratio to the floor):",
            "",
            "| client | " + " | ".join(others) + " |",
            "|---|" + "---|" * len(others),
        ]
        for key, name in names.items():
            cells = []
            for case in others:
                cell = us(result.per_call(key, case, 1))
                if key != "floor":
                    cell += f"; {x(result.vs(key, 'floor', case, 1))}"
                cells.append(cell)
            lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return [*lines, ""]


def inmemory_section(result: InMemoryResult) -> list[str]:
    lines = [
        "## 1b. SDK work per call, network taken out (`get_document`, in-memory transport)",
        "",
        "| client | µs per call | above the floor, µs | ÷ peer |",
        "|---|---|---|---|",
    ]
    for key, cls in FACTORIES.items():
        above = "" if key == "floor" else result.overhead(key).fmt(0)
        peer = "" if key == "peer" else x(result.vs(key, "peer"))
        lines.append(f"| {cls.name} | {result.per_call(key).fmt(0)} | {above} | {peer} |")
    return [*lines, ""]


def parsing_section(result: ParsingResult) -> list[str]:
    views = [("bytes", "from bytes"), ("dict", "from dict")]
    cols = [
        (view, size, f"{size:,} items, {label}") for view, label in views for size in result.sizes
    ]
    lines = [
        "## 2. Parsing a transaction page (µs per object)",
        "",
        "`from bytes` is what a call pays: ours runs `Operation.decode` itself (msgspec cuts the",
        "list into items, each read and built into its model in turn, with the garbage",
        "collector paused for a body this large), the peer",
        "`json.loads` then its TypeAdapter; `from dict` is the model step alone. Each page is",
        "held until the next is built, and a collection put off by the pause is counted. The",
        "peer's TypeAdapter is built once here (its SDK builds one per call).",
        "",
        "| parser | " + " | ".join(c[2] for c in cols) + " |",
        "|---|" + "---|" * len(cols),
    ]
    for name in PARSERS:
        cells = [result.per_object(name, view, size).fmt(2) for view, size, _ in cols]
        lines.append(f"| {LABELS[name]} | " + " | ".join(cells) + " |")
    cells = [x(result.vs("ours", "peer", view, size)) for view, size, _ in cols]
    lines.append("| ours ÷ peer | " + " | ".join(cells) + " |")
    cells = [x(result.vs("ours", "msgspec", view, size)) for view, size, _ in cols]
    lines.append("| ours ÷ msgspec | " + " | ".join(cells) + " |")
    return [*lines, ""]


def import_section(result: ImportResult) -> list[str]:
    lines = [
        "## 3. Import time (fresh process, the import statement alone)",
        "",
        "httpx imports its command-line tool when click, rich and pygments are installed; they",
        "are dev tools here, not dependencies of ours, so every sample hides them, as in a user's",
        "environment (with them httpx alone takes about twice as long and every ratio shrinks).",
        "",
        "| module | ms | ÷ `import httpx` |",
        "|---|---|---|",
    ]
    for module, label in MODULES.items():
        relative = "1" if module == "httpx" else x(result.vs(module, "httpx"))
        ms = Spread.of([v * 1e3 for v in result.seconds[module]])
        lines.append(f"| `import {module}` ({label}) | {ms.fmt(1)} | {relative} |")
    lines += [
        "",
        "`import altegio_client` ÷ `import asyncio, httpx`: "
        f"{x(result.vs('altegio_client', 'asyncio, httpx'))} (an async app has asyncio loaded",
        "before it makes its first call).",
    ]
    base_imports = result.scaling[1][1]
    lines += [
        "",
        "Scaling with the number of generated operations (synthetic spec: the corrected spec",
        "copied N times with renamed operationIds and schemas, generated with the project's",
        "templates and facade generator); first call = one `get_document` over an in-memory",
        "transport right after the import:",
        "",
        "| spec | operations | import ms | first call ms | import ÷ 1x |",
        "|---|---|---|---|---|",
    ]
    for factor, (ops, imports, calls) in sorted(result.scaling.items()):
        imp = Spread.of([v * 1e3 for v in imports])
        call = Spread.of([v * 1e3 for v in calls])
        ratio = Spread.of([a / b for a, b in zip(imports, base_imports, strict=True)])
        lines.append(f"| {factor}x | {ops} | {imp.fmt(1)} | {call.fmt(1)} | {x(ratio)} |")
    return [*lines, ""]


def pipeline_section(result: PipelineResult) -> list[str]:
    lines = [
        "## 4. Pipeline under a rate limit",
        "",
        f"{result.calls} `get_document` calls from {result.tasks} tasks on one client; the server",
        f"answers 429 beyond {result.limit} requests in any 1 s window. Ours is configured with",
        f"`RateLimit(per_second={result.limit}, per_minute=None)`; the peer has no limiter",
        "(it retries 429s itself, honouring Retry-After, up to 2 times).",
        "",
        "| client | wall s | efficiency (calls÷limit÷wall) | vs best sliding-window schedule "
        "| 429s (all runs) | failed calls |",
        "|---|---|---|---|---|---|",
    ]
    labels = {"ours": FACTORIES["ours"].name, "peer": FACTORIES["peer"].name}
    for who, runs in result.runs.items():
        lines.append(
            f"| {labels[who]} | {result.wall(who).fmt(2)} | {result.efficiency(who).fmt(2)} | "
            f"{result.window_efficiency(who).fmt(2)} | {sum(r.rate_limited for r in runs)} | "
            f"{sum(r.failed for r in runs)} |"
        )
    best = (result.calls - result.limit) / result.limit
    lines += [
        "",
        f"The best schedule lets the first {result.limit} calls go at once and needs {best:.0f} s",
        f"for the rest, so a perfect client scores {result.calls / result.limit / best:.2f} on the",
        "first efficiency column and 1.00 on the second.",
    ]
    return [*lines, ""]


FLEET_TARGET = "multi-process pipeline (Redis limiter) efficiency ≥ 0.95 with zero 429s"


def fleet_target(fleet: FleetBench) -> Target:
    refused = sum(r.rate_limited for r in fleet.runs)
    failed = sum(r.failed for r in fleet.runs)
    return Target(
        FLEET_TARGET,
        f"{fleet.efficiency().fmt(3)}, {refused} x 429, {failed} failed",
        fleet.efficiency().median >= 0.95 and refused == 0 and failed == 0,
    )


def fleet_section(fleet: FleetBench) -> list[str]:
    limit = fleet.limit
    load = " / ".join(f"{x:.2f}" for x in os.getloadavg())
    lines = [
        "## 5. Many processes, one budget (`RedisRateLimiter`)",
        "",
        f"{fleet.processes} worker processes x {fleet.tasks} tasks ({fleet.calls}",
        "`get_location_inventories` calls in all) share one `RedisRateLimiter` budget (a",
        "redis-server on a unix socket) against the bench server enforcing both windows:",
        f"{limit.per_second}/s and {limit.per_minute}/min, the vendor's 5/s and 200/min times",
        f"ten, so the minute window binds after {limit.per_minute} calls and holds everyone until",
        "the first of them are a minute old. Efficiency = calls ÷ the most the server's exact",
        "windows let through in the same elapsed time (the earliest possible schedule, first",
        "burst included), so a perfect client scores 1.00; that number steps by 50 each second,",
        "hence the spread. The limiter runs with its defaults (margin 0.05 s).",
        f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC; load average at the end: {load}.",
        "",
        "| run | wall s | calls | most allowed | efficiency | 429s | failed calls |",
        "|---|---|---|---|---|---|---|",
    ]
    for n, run in enumerate(fleet.runs, 1):
        lines.append(
            f"| {n} | {run.wall:.1f} | {run.calls} | {run.allowed} | {run.efficiency:.3f} | "
            f"{run.rate_limited} | {run.failed} |"
        )
    lines += [
        "",
        "What the limiter gives up against the best schedule: the absolute margin on each",
        "window, and, per window, the latency of the requests that fill it (a place is counted",
        "again when its response arrives, so it frees a window after the request's latest",
        "possible arrival).",
    ]
    return [*lines, ""]


def update_fleet(path: Path, fleet: FleetBench) -> Target:
    """Rewrite only measure 5 and its target row of an existing page (`bench/run.py --only`)."""
    text = path.read_text(encoding="utf-8")
    check = fleet_target(fleet)
    row = f"| {check.text} | {check.measured} | {'yes' if check.met else '**no**'} |"
    lines = text.splitlines()
    rows = [i for i, line in enumerate(lines) if line.startswith(f"| {FLEET_TARGET} |")]
    if rows:
        lines[rows[0]] = row
    else:
        last = max(i for i, line in enumerate(lines) if line.startswith("| pipeline efficiency"))
        lines.insert(last + 1, row)
    text = "\n".join(lines) + "\n"
    section = "\n".join(fleet_section(fleet))
    start = text.find("## 5. ")
    end = text.find("## Notes")
    text = (
        text[:start] + section + "\n" + text[end:]
        if start >= 0
        else (text[:end] + section + "\n" + text[end:])
    )
    path.write_text(text, encoding="utf-8")
    return check


def targets(
    lat: LatencyResult,
    mem: InMemoryResult,
    par: ParsingResult,
    imp: ImportResult,
    pipe: PipelineResult,
) -> list[Target]:
    one, hundred = lat.vs("ours", "floor", DOC_CASE, 1), lat.vs("ours", "floor", DOC_CASE, 100)
    vs_peer = [lat.vs("ours", "peer", DOC_CASE, n) for n in LEVELS]
    parse = [par.vs("ours", "peer", v, s) for v in ("bytes", "dict") for s in par.sizes]
    big = max(par.sizes)
    big_us, big_peer = par.per_object("ours", "bytes", big), par.vs("ours", "peer", "bytes", big)
    imp_ratio = imp.vs("altegio_client", "httpx")
    growth = Spread.of([a / b for a, b in zip(imp.scaling[10][1], imp.scaling[1][1], strict=True)])
    runs = pipe.runs["ours"]
    return [
        Target("per call ≤ 1.1x the floor, 1 task", x(one), one.median <= 1.1),
        Target("per call ≤ 1.2x the floor, 100 tasks", x(hundred), hundred.median <= 1.2),
        Target(
            "faster than the peer at 1, 10 and 100 tasks",
            ", ".join(x(s) for s in vs_peer),
            all(s.median < 1 for s in vs_peer),
        ),
        Target(
            "less SDK work per call than the peer (in memory)",
            x(mem.vs("ours", "peer")),
            mem.vs("ours", "peer").median < 1,
        ),
        Target(
            "parsing ≤ the peer per object",
            ", ".join(x(s) for s in parse),
            all(s.median <= 1 for s in parse),
        ),
        Target(
            f"parsing {big:,} items from bytes ≤ 8 µs per item",
            f"{big_us.fmt(2)} µs",
            big_us.median <= 8,
        ),
        Target(
            f"parsing {big:,} items from bytes ≤ 0.35x the peer",
            x(big_peer),
            big_peer.median <= 0.35,
        ),
        Target(
            "`import altegio_client` ≤ 1.5x `import httpx`",
            imp_ratio.fmt(3, "x"),
            imp_ratio.median <= 1.5,
        ),
        Target("import does not grow with operations (10x vs 1x)", x(growth), growth.median <= 1.1),
        Target(
            "pipeline efficiency ≥ 0.95 with zero 429s",
            f"{pipe.efficiency('ours').fmt(2)}, {sum(r.rate_limited for r in runs)} x 429",
            pipe.efficiency("ours").median >= 0.95 and all(r.rate_limited == 0 for r in runs),
        ),
    ]


def write(
    path: Path,
    quick: bool,
    lat: LatencyResult,
    mem: InMemoryResult,
    par: ParsingResult,
    imp: ImportResult,
    pipe: PipelineResult,
    fleet: FleetBench,
) -> list[Target]:
    checks = [*targets(lat, mem, par, imp, pipe), fleet_target(fleet)]
    lines = [
        "# Performance",
        "",
        "Generated by `make bench` (`bench/run.py`); do not edit by hand. `make bench QUICK=1` is",
        "a shorter run with fewer rounds and calls.",
        "",
        *machine(quick),
        "",
        "## Method",
        "",
        "- A bare ASGI app under uvicorn (httptools, uvloop) in its own process on 127.0.0.1",
        "  answers with the documented examples of `get_document`, `get_location_inventories` and",
        "  `search_for_product_transactions` from the shipped corrected spec; transaction pages",
        "  repeat the example item with varied ids (any size up to 10,000). Numeric fields the",
        "  peer SDK only accepts as strings (`company.timezone`, `company.coordinate_lat` and",
        "  `_lon`, `clients.phone`) are sent as strings, which our models accept too; with the",
        "  examples as documented every peer call fails validation.",
        "- Contenders: raw `httpx.AsyncClient` + `json.loads` (the floor); `Altegio` with",
        "  `rate_limit=None`; the generated layer alone (`get_document.asyncio(client=",
        "  AuthenticatedClient(...))`); yclients 0.1.1 (`storage_documents.get`, `storages.list`,",
        "  `goods_transactions.list`: the same endpoints). Each gets the same pool (100",
        "  connections, all kept alive) through its own option, and the default asyncio loop.",
        "- Each round opens every contender afresh and warms it up; each case is timed in ten",
        "  slices that the contenders take in turn, in a rotating order, so load spikes hit all",
        "  of them alike. Ratios are taken within a round, then the median and",
        "  min..max over rounds are shown. Another process on the machine adds noise; the load",
        "  average above says how busy it was.",
        "",
        "## Targets",
        "",
        "| target | measured (median, min..max) | met |",
        "|---|---|---|",
        *[f"| {t.text} | {t.measured} | {'yes' if t.met else '**no**'} |" for t in checks],
        "",
        *latency_section(lat),
        *inmemory_section(mem),
        *parsing_section(par),
        *import_section(imp),
        *pipeline_section(pipe),
        *fleet_section(fleet),
    ]
    lines += ["## Notes", "", *NOTES, ""]
    path.write_text("\n".join(lines), encoding="utf-8")
    return checks
