"""Version bumps and CHANGELOG.md sections (tools/release.py), without running the workflow."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tools"))

import release


@pytest.mark.parametrize(
    ("version", "breaking", "expected"),
    [
        ("0.1.0", False, "0.1.1"),
        ("0.1.7", True, "0.2.0"),
        ("1.4.2", False, "1.5.0"),
        ("1.4.2", True, "2.0.0"),
    ],
)
def test_bump(version: str, breaking: bool, expected: str) -> None:
    assert release.bump(version, breaking=breaking) == expected


def test_version_is_read_and_written_in_one_place(tmp_path: Path) -> None:
    path = tmp_path / "_version.py"
    path.write_text('"""v"""\n\n__version__ = "0.3.1"\n')
    assert release.read_version(path) == "0.3.1"
    release.write_version("0.4.0", path)
    assert path.read_text() == '"""v"""\n\n__version__ = "0.4.0"\n'


def test_the_real_version_file_is_the_source() -> None:
    pyproject = (release.ROOT / "pyproject.toml").read_text()
    assert 'dynamic = ["version"]' in pyproject
    assert 'path = "altegio_client/_version.py"' in pyproject
    assert release.read_version()


SECTION = release.section(
    "0.2.0", "2026-12-01", sha256="ab12", source="url", breaking=["b"], other=["o"]
)


def test_section_format() -> None:
    assert SECTION == (
        "## 0.2.0 - 2026-12-01\n\nSpec update: bundle sha256 `ab12` from url.\n\n"
        "### Breaking\n\n- b\n\n### Non-breaking\n\n- o\n"
    )


def test_new_section_goes_after_unreleased_which_is_kept() -> None:
    text = "# Changelog\n\n## Unreleased\n\n- by hand\n\n## 0.1.0\n\nFirst.\n"
    assert release.add_section(text, SECTION) == (
        "# Changelog\n\n## Unreleased\n\n- by hand\n\n" + SECTION + "\n## 0.1.0\n\nFirst.\n"
    )


def test_missing_changelog_or_unreleased_heading_is_created() -> None:
    assert release.add_section("", SECTION) == release.HEADER + "\n" + SECTION
    assert release.add_section("# Changelog\n\n## 0.1.0\n", SECTION) == (
        "# Changelog\n\n## Unreleased\n\n" + SECTION + "\n## 0.1.0\n"
    )
