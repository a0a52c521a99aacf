"""Measure 3: import time in fresh processes, and how it scales with the number of operations.

Each sample is a new interpreter timing its own ``import`` with perf_counter, so interpreter
start-up is left out and only the import itself is compared. A discarded first run per module
writes the bytecode caches (the environment may set PYTHONDONTWRITEBYTECODE), as an installed
package would have them.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from bench import payloads, synth
from bench.stats import Spread, ratios

MODULES = {
    "httpx": "httpx alone",
    "asyncio, httpx": "what an asyncio app using httpx has loaded",
    "altegio_client": "this SDK",
    "yclients": "the peer, yclients 0.1.1",
}

# httpx loads its CLI (click, rich, pygments) when they are importable; users of this SDK do
# not have them (they are dev tools here), so each sample hides them first.
HIDE_CLI = """
import sys

class _HideCli:
    def find_spec(self, name, path=None, target=None):
        if name.partition(".")[0] in {"click", "rich", "pygments"}:
            raise ImportError(name)
        return None

sys.meta_path.insert(0, _HideCli())
"""

IMPORT_SNIPPET = (
    HIDE_CLI
    + """
import json, time
started = time.perf_counter()
import __MODULE__
print(json.dumps({"import": time.perf_counter() - started}))
"""
)

# Import the package, then time the first call of one operation over an in-memory transport:
# the generated module, its models and the argument checks load on that first call.
FIRST_CALL_SNIPPET = (
    HIDE_CLI
    + """
import json, os, time
started = time.perf_counter()
import altegio_client
imported = time.perf_counter() - started
import asyncio, httpx
body = os.environ["BENCH_BODY"].encode()
transport = httpx.MockTransport(lambda request: httpx.Response(200, content=body))

async def first_call():
    async with altegio_client.Altegio(
        "p", "u", base_url="http://127.0.0.1/api/v1", transport=transport, rate_limit=None
    ) as api:
        started = time.perf_counter()
        document = await api.location(4564).inventory.get_document(22255503)
        assert document.id == 22255503
        return time.perf_counter() - started

print(json.dumps({"import": imported, "first_call": asyncio.run(first_call())}))
"""
)


@dataclass
class ImportResult:
    # module -> seconds per round
    seconds: dict[str, list[float]] = field(default_factory=dict)
    # factor -> (operations, import seconds per round, first-call seconds per round)
    scaling: dict[int, tuple[int, list[float], list[float]]] = field(default_factory=dict)

    def of(self, module: str) -> Spread:
        return Spread.of(self.seconds[module])

    def vs(self, module: str, other: str) -> Spread:
        return Spread.of(ratios(self.seconds[module], self.seconds[other]))


def _env(pythonpath: Path | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE",)}
    env["BENCH_BODY"] = payloads.encode(payloads.bench_body("get_document")).decode()
    if pythonpath is not None:
        env["PYTHONPATH"] = str(pythonpath)
    return env


def run_snippet(code: str, cwd: Path, env: dict[str, str]) -> dict[str, float]:
    proc = subprocess.run(
        [sys.executable, "-c", code], cwd=cwd, env=env, capture_output=True, text=True, check=False
    )
    if proc.returncode != 0:
        raise RuntimeError(f"snippet failed in {cwd}:\n{proc.stderr}")
    result: dict[str, float] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


def measure(quick: bool, log: Callable[[str], None]) -> ImportResult:
    rounds = 3 if quick else 11
    result = ImportResult()
    with tempfile.TemporaryDirectory(prefix="altegio-bench-import-") as tmp:
        neutral = Path(tmp)
        env = _env()
        for module in MODULES:
            run_snippet(IMPORT_SNIPPET.replace("__MODULE__", module), neutral, env)  # warm caches
        for _ in range(rounds):
            for module in MODULES:
                sample = run_snippet(IMPORT_SNIPPET.replace("__MODULE__", module), neutral, env)
                result.seconds.setdefault(module, []).append(sample["import"])
        log("import times done")
        # both packages sampled in turn within each round, so machine drift hits both alike
        built = {factor: synth.build_package(factor, neutral) for factor in (1, 10)}
        for folder, _ in built.values():
            run_snippet(FIRST_CALL_SNIPPET, folder, _env(folder))  # warm caches
        samples: dict[int, tuple[list[float], list[float]]] = {f: ([], []) for f in built}
        for _ in range(rounds):
            for factor, (folder, _) in built.items():
                sample = run_snippet(FIRST_CALL_SNIPPET, folder, _env(folder))
                samples[factor][0].append(sample["import"])
                samples[factor][1].append(sample["first_call"])
        for factor, (_folder, operations) in built.items():
            result.scaling[factor] = (operations, *samples[factor])
        log("synthetic packages (1x, 10x operations) done")
    return result
