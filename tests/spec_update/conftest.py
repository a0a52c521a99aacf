"""A throwaway copy of the project on the fixture spec, for running `update-spec` for real.

The copy holds tools/, the runtime package, generator-config.yml and the fixture's overlay and
names; its openapi.yaml, lock and generated code are made from fixtures/base.yaml once per test
session, then copied for each test. The real tree is never written. Optic comes from the
project's node_modules (`make node`).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
PYTHON = sys.executable
RUNTIME_SKIP = {"_generated", "_facade", "__pycache__", "testing"}


def _needs_optic() -> None:
    if shutil.which("node") is None or not (ROOT / "node_modules" / "@useoptic" / "optic").exists():
        pytest.skip("Optic is not installed (run `make node`)")


@dataclass
class Project:
    root: Path

    def run(self, bundle: str | Path, **env: str) -> subprocess.CompletedProcess[str]:
        source = bundle if isinstance(bundle, Path) else FIXTURES / bundle
        return subprocess.run(
            [
                PYTHON,
                str(self.root / "tools" / "update_spec.py"),
                "--file",
                str(source),
                "--downloaded",
                "2026-12-01",
                "--today",
                "2026-12-01",
            ],
            cwd=self.root,
            env={**os.environ, "ALLOW_BREAKING": "", **env},
            capture_output=True,
            text=True,
            check=False,
            timeout=300,
        )

    def read(self, name: str) -> str:
        return (self.root / name).read_text(encoding="utf-8")

    def snapshot(self) -> dict[str, bytes]:
        """Every file of the copy except node_modules, for "nothing changed" checks."""
        out = {}
        for path in sorted(self.root.rglob("*")):
            rel = path.relative_to(self.root)
            if rel.parts[0] == "node_modules" or "__pycache__" in rel.parts:
                continue
            if path.is_file():
                out[str(rel)] = path.read_bytes()
        return out


def _make_base(dest: Path) -> None:
    shutil.copytree(ROOT / "tools", dest / "tools", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(
        ROOT / "altegio_client",
        dest / "altegio_client",
        ignore=lambda d, names: [n for n in names if n in RUNTIME_SKIP],
    )
    shutil.copy(ROOT / "generator-config.yml", dest)
    # make generate builds the webhook events too; the fixture specs name none of the
    # subscription calls' schemas, so those calls stay out of these small projects
    events = yaml.safe_load((ROOT / "webhooks.openapi.yaml").read_text(encoding="utf-8"))
    events["paths"] = {}
    (dest / "webhooks.openapi.yaml").write_text(yaml.safe_dump(events), encoding="utf-8")
    shutil.copy(FIXTURES / "openapi.overlay.yaml", dest)
    shutil.copy(FIXTURES / "openapi.names.yaml", dest)
    (dest / "node_modules").symlink_to(ROOT / "node_modules")
    (dest / "altegio_client" / "_version.py").write_text('__version__ = "0.1.0"\n')
    (dest / "CHANGELOG.md").write_text(
        "# Changelog\n\n## Unreleased\n\n- Hand-written: retries honour Retry-After.\n\n"
        "## 0.1.0 - 2026-11-01\n\nFirst release.\n",
        encoding="utf-8",
    )
    code = f"""
import sys
sys.path.insert(0, {str(dest / "tools")!r})
import import_spec, generate
spec, lock = import_spec.import_bundle(
    open({str(FIXTURES / "base.yaml")!r}, "rb").read(), source="fixture", downloaded="2026-11-01"
)
import_spec.SPEC.write_text(spec, encoding="utf-8")
import_spec.LOCK.write_text(lock, encoding="utf-8")
raise SystemExit(generate.main([]))
"""
    proc = subprocess.run(
        [PYTHON, "-c", code], cwd=dest, capture_output=True, text=True, check=False
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


@pytest.fixture(scope="session")
def base_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    _needs_optic()
    dest = tmp_path_factory.mktemp("base") / "project"
    dest.mkdir()
    _make_base(dest)
    return dest


@pytest.fixture
def project(base_project: Path, tmp_path: Path) -> Project:
    dest = tmp_path / "project"
    shutil.copytree(base_project, dest, symlinks=True)
    return Project(dest)
