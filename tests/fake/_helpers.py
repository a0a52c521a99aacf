"""Small builders shared by the fake's tests."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from altegio_client.models import InventoryOperationRequestDict

T = TypeVar("T")


def receipt_body(
    storage_id: int,
    lines: list[tuple[int, float]],
    *,
    type_id: int = 3,
    when: str | None = None,
    unit_type: int = 1,
) -> InventoryOperationRequestDict:
    """An inventory-operation body: ``lines`` are (product id, amount) in ``unit_type``."""
    return {
        "create_date": when or "2026-09-21T23:00:00.000-05:00",
        "storage_id": storage_id,
        "type_id": type_id,
        "goods_transactions": [
            {
                "amount": amount,
                "cost": amount * 10,
                "cost_per_unit": 10,
                "discount": 0,
                "good_id": good_id,
                "operation_unit_type": unit_type,
            }
            for good_id, amount in lines
        ],
    }


def stock_of(product: Any, storage_id: int) -> float:
    """``actual_amounts`` of a Product model for one storage (0 when absent)."""
    for row in product.actual_amounts:
        if row.storage_id == storage_id:
            return float(row.amount)
    return 0.0


def auth_header(partner_token: str, user_token: str | None = None) -> dict[str, str]:
    value = f"Bearer {partner_token}" + (f", User {user_token}" if user_token else "")
    return {"Authorization": value}


def known(value: T | None) -> T:
    """A field the fake always sends, narrowed from the model's ``X | None``."""
    assert value is not None, "the reply lacks a field the fake always sends"
    return value


def int_id(value: object) -> int:
    """An id typed ``int | str | Unset`` in the spec that the fake sends as an int."""
    assert isinstance(value, int), f"expected an int id, got {value!r}"
    return value


def operation_parts(result: Any) -> tuple[int, list[Any]]:
    """An InventoryOperationResult -> (document id, its transactions)."""
    document = known(result.document)
    return int_id(document.id), list(known(result.transactions))
