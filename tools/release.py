"""The package version (kept only in altegio_client/_version.py) and CHANGELOG.md.

pyproject.toml reads the version from ``_version.py`` (hatch's dynamic version), so a release
changes one line. While the version is 0.x a breaking change bumps the minor and anything else
the patch; from 1.0 on, breaking bumps the major and anything else the minor.

CHANGELOG.md keeps hand-written entries under ``## Unreleased`` untouched; a spec update adds
its section right after that heading's block, newest first.
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VERSION_FILE = ROOT / "altegio_client" / "_version.py"
CHANGELOG = ROOT / "CHANGELOG.md"
_VERSION = re.compile(r'^__version__ = "(\d+)\.(\d+)\.(\d+)"$', re.MULTILINE)
HEADER = (
    "# Changelog\n\n"
    "Spec updates (`make update-spec`) add their sections here; other changes are written by hand\n"
    "under `## Unreleased`, which the update keeps as it is.\n\n"
    "## Unreleased\n"
)


def read_version(path: Path = VERSION_FILE) -> str:
    match = _VERSION.search(path.read_text(encoding="utf-8"))
    if not match:
        raise ValueError(f'{path}: no `__version__ = "X.Y.Z"` line')
    return ".".join(match.groups())


def bump(version: str, *, breaking: bool) -> str:
    major, minor, patch = (int(p) for p in version.split("."))
    if major == 0:
        return f"0.{minor + 1}.0" if breaking else f"0.{minor}.{patch + 1}"
    return f"{major + 1}.0.0" if breaking else f"{major}.{minor + 1}.0"


def write_version(version: str, path: Path = VERSION_FILE) -> None:
    text = path.read_text(encoding="utf-8")
    path.write_text(_VERSION.sub(f'__version__ = "{version}"', text, count=1), encoding="utf-8")


def section(
    version: str,
    date: str,
    *,
    sha256: str,
    source: str,
    breaking: list[str],
    other: list[str],
) -> str:
    lines = [
        f"## {version} - {date}",
        "",
        f"Spec update: bundle sha256 `{sha256}` from {source}.",
        "",
    ]
    if breaking:
        lines += ["### Breaking", "", *(f"- {line}" for line in breaking), ""]
    if other:
        lines += ["### Non-breaking", "", *(f"- {line}" for line in other), ""]
    return "\n".join(lines)


def add_section(text: str, new_section: str) -> str:
    """``text`` (CHANGELOG.md, maybe empty) with ``new_section`` after the Unreleased block."""
    if not text.strip():
        text = HEADER
    heading = re.search(r"^## Unreleased[^\n]*\n", text, re.MULTILINE)
    if heading is None:
        first = re.search(r"^## ", text, re.MULTILINE)
        at = first.start() if first else len(text)
        text = text[:at].rstrip("\n") + "\n\n## Unreleased\n\n" + text[at:].lstrip("\n")
        heading = re.search(r"^## Unreleased[^\n]*\n", text, re.MULTILINE)
        assert heading is not None
    following = re.search(r"^## ", text[heading.end() :], re.MULTILINE)
    at = heading.end() + following.start() if following else len(text)
    before, after = text[:at].rstrip("\n") + "\n\n", text[at:]
    return before + new_section.rstrip("\n") + "\n" + ("\n" + after if after else "")
