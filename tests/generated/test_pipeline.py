"""The generation pipeline's own guarantees: loud overlay failures, banners, one-way imports."""

from __future__ import annotations

import ast
import copy
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))

from overlay import OverlayError, apply, load_yaml, with_second_source  # noqa: E402

SPEC: dict[str, Any] = with_second_source(load_yaml(ROOT / "openapi.yaml"))
OVERLAY: dict[str, Any] = load_yaml(ROOT / "openapi.overlay.yaml")
GENERATED = ROOT / "altegio_client" / "_generated"
FACADE = ROOT / "altegio_client" / "_facade"


def test_overlay_applies_to_the_committed_spec() -> None:
    corrected = apply(SPEC, OVERLAY)
    body = corrected["paths"]["/storage_operations/operation/{location_id}"]["post"]
    assert list(body["requestBody"]["content"]) == ["application/json"]


def test_overlay_names_every_target_that_matches_nothing() -> None:
    spec = copy.deepcopy(SPEC)
    del spec["components"]["schemas"]["storage_operation_documents_response_data_types"]
    spec["paths"].pop("/goods_categories/multiple/{location_id}")
    with pytest.raises(OverlayError) as caught:
        apply(spec, OVERLAY)
    message = str(caught.value)
    assert "storage_operation_documents_response_data_types.properties.data" in message
    assert "it fixed: the document's location sends its UTC offset" in message
    assert "/goods_categories/multiple/{location_id}" in message
    assert message.count("  action ") >= 3  # every miss is listed, not just the first


def test_overlay_leaves_the_vendor_spec_untouched() -> None:
    before = yaml.safe_dump(SPEC)
    apply(SPEC, OVERLAY)
    assert yaml.safe_dump(SPEC) == before


@pytest.mark.parametrize("folder", [GENERATED, FACADE], ids=["generated", "facade"])
def test_every_generated_file_carries_the_banner(folder: Path) -> None:
    files = sorted(folder.rglob("*.py"))
    assert files
    for path in files:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert "DO NOT EDIT" in first, path


def test_generated_code_never_imports_hand_written_code() -> None:
    for path in GENERATED.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        depth = len(path.relative_to(GENERATED).parts)  # levels up to altegio_client/
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.level:
                assert node.level < depth + 1 or node.module is None, f"{path}: {ast.unparse(node)}"
            names = [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            for name in names:
                assert not name.startswith("altegio_client"), f"{path}: imports {name}"
