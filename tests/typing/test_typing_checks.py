"""Run mypy on the static checks in this folder, so ``pytest`` alone notices a typing regression.

The ``check_*.py`` files are never executed; their ``# type: ignore[code]`` lines only mean
something to mypy with the project's settings (``strict``, ``warn_unused_ignores``).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from mypy import api

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]


@pytest.mark.parametrize("name", ["check_bodies.py", "check_scoped_signatures.py"])
def test_mypy_accepts_the_static_checks(name: str) -> None:
    stdout, stderr, status = api.run(
        ["--config-file", str(ROOT / "pyproject.toml"), "--no-error-summary", str(HERE / name)]
    )
    assert status == 0, stdout + stderr
