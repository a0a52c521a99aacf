"""The README's self-contained examples are what a user's program looks like: they must pass
``mypy --strict`` with the project's settings, and need nothing private, no ``Unset``, no cast.

A block is self-contained when it compiles as a module (snippets with a top-level ``await`` are
fragments of a function and are left out). The Quickstart and Typing examples must be among
the checked ones, so the test cannot pass by checking nothing.
"""

from __future__ import annotations

import re
from pathlib import Path

from mypy import api

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"
BLOCK = re.compile(r"```python\n(.*?)```", re.S)


def self_contained_blocks() -> list[str]:
    blocks = []
    for match in BLOCK.finditer(README.read_text(encoding="utf-8")):
        source = match.group(1)
        try:
            compile(source, "README.md", "exec")
        except SyntaxError:
            continue  # a fragment with a top-level await
        blocks.append(source)
    return blocks


def test_the_quickstart_and_typing_examples_are_checked() -> None:
    blocks = self_contained_blocks()
    assert any("asyncio.run(main())" in block for block in blocks)  # the Quickstart
    assert any("InventoryOperationRequestDict" in block for block in blocks)  # Typing
    assert len(blocks) >= 5


def test_readme_examples_use_only_the_public_typed_surface() -> None:
    for block in self_contained_blocks():
        assert "altegio_client._" not in block, block
        assert "Unset" not in block, block
        assert "UNSET" not in block, block
        assert "cast(" not in block, block
        assert "type: ignore" not in block, block


def test_readme_examples_pass_mypy_strict(tmp_path: Path) -> None:
    files = []
    for index, block in enumerate(self_contained_blocks()):
        path = tmp_path / f"readme_example_{index}.py"
        path.write_text(block, encoding="utf-8")
        files.append(str(path))
    stdout, stderr, status = api.run(
        [
            "--config-file",
            str(ROOT / "pyproject.toml"),
            "--strict",
            "--no-error-summary",
            "--cache-dir",
            str(tmp_path / ".mypy_cache"),
            *files,
        ]
    )
    assert status == 0, stdout + stderr
