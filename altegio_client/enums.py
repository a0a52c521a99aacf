"""Domain codes as enums that accept values the vendor has not documented yet.

The vendor's pages disagree on some ids (write-off is 4 on the inventory-operation page and in
the legacy reference, 7 on the create-document page), and new codes appear without notice. An
unknown value becomes a pseudo-member named ``UNKNOWN_<n>`` instead of raising ValueError, so a
reply with a new code still parses.
"""

from __future__ import annotations

from enum import IntEnum

__all__ = ["DocumentType", "OperationUnitType"]


class _TolerantIntEnum(IntEnum):
    @classmethod
    def _missing_(cls, value: object) -> _TolerantIntEnum | None:
        if isinstance(value, str) and value.strip().lstrip("-").isdigit():
            return cls(int(value))
        if not isinstance(value, int) or isinstance(value, bool):
            return None
        member = int.__new__(cls, value)
        member._name_ = f"UNKNOWN_{value}"
        member._value_ = value
        return cls._value2member_map_.setdefault(value, member)  # type: ignore[return-value]

    @property
    def known(self) -> bool:
        """False for a code the vendor's pages do not list."""
        return not self.name.startswith("UNKNOWN_")


class DocumentType(_TolerantIntEnum):
    """``type_id`` of a storage document / inventory operation."""

    SALE = 1
    CONSUMPTION = 2  # usage / material consumption
    RECEIPT = 3
    WRITE_OFF = 4  # create_inventory_operation page and legacy reference
    TRANSFER = 5
    WRITE_OFF_DOCUMENT = 7  # the create_document page lists write-off as 7


class OperationUnitType(_TolerantIntEnum):
    """``operation_unit_type`` of a product transaction: which unit the amount is counted in."""

    SALE = 1
    WRITE_OFF = 2
