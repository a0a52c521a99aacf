"""Domain enums accept codes the vendor has not documented instead of raising."""

from __future__ import annotations

from typing import Any

import pytest

from altegio_client.enums import DocumentType, OperationUnitType


def test_known_document_types() -> None:
    assert DocumentType(3) is DocumentType.RECEIPT
    assert DocumentType(3).known is True
    # the API sometimes sends codes as strings
    assert DocumentType("7") is DocumentType.WRITE_OFF_DOCUMENT  # type: ignore[arg-type]
    assert int(DocumentType.SALE) == 1


def test_unknown_document_type_becomes_a_pseudo_member() -> None:
    unknown = DocumentType(42)
    assert unknown.name == "UNKNOWN_42"
    assert unknown.value == 42
    assert unknown == 42
    assert unknown.known is False
    assert isinstance(unknown, DocumentType)
    assert DocumentType(42) is unknown
    assert DocumentType("42") is unknown  # type: ignore[arg-type]


def test_unknown_operation_unit_type() -> None:
    assert OperationUnitType(2) is OperationUnitType.WRITE_OFF
    assert OperationUnitType(2).known is True
    unknown = OperationUnitType(9)
    assert (unknown.name, unknown.value, unknown.known) == ("UNKNOWN_9", 9, False)
    # the pseudo-members of one enum do not leak into another
    assert DocumentType(9).name == "UNKNOWN_9"
    assert type(DocumentType(9)) is DocumentType


@pytest.mark.parametrize("value", ["sale", "", 1.5, None])
def test_non_integer_values_still_raise(value: Any) -> None:
    with pytest.raises(ValueError, match="is not a valid DocumentType"):
        DocumentType(value)
