"""Static checks of typed request bodies; mypy reads this file, nothing runs it.

Each ``# type: ignore[code]`` proves mypy still reports that mistake (``warn_unused_ignores``
fails the lint when it stops), and each line without one proves a correct call type-checks.
tests/typing/test_typing_checks.py runs mypy on this file, so ``pytest`` alone catches a drift.

A dict literal passed straight as ``body=`` meets ``Model | ModelDict``; mypy rejects a bad one as
``arg-type`` (it cannot tell which side of the union was meant). Annotating the dict with its
``...Dict`` type gets the precise error: unknown key, wrong item type, missing key.
"""

from __future__ import annotations

import datetime

from altegio_client import Altegio
from altegio_client.models import (
    AuthRequestDict,
    DocumentRequest,
    DocumentRequestDict,
    GoodsTransactionRequestDict,
    InventoryOperationRequestDict,
    InventoryOperationTransaction,
    InventoryOperationTransactionDict,
)


async def correct_dict_bodies(api: Altegio) -> None:
    shop = api.location(4564)
    await shop.inventory.create_transaction(
        body={
            "document_id": 1,
            "good_id": 2,
            "amount": 1,
            "cost": 9.5,
            "cost_per_unit": 9.5,
            "discount": 0,
            "operation_unit_type": 1,
            "master_id": 7,  # optional keys may be given or left out
        }
    )
    await shop.inventory.create_document(
        body={"create_date": "2026-09-21T23:00:00-05:00", "storage_id": 1, "type_id": 3}
    )
    await shop.inventory.create_document(
        body={"create_date": datetime.datetime(2026, 9, 21, 23), "storage_id": 1, "type_id": 3}
    )
    await shop.inventory.update_document(
        5, body=DocumentRequest(create_date=datetime.datetime(2026, 9, 21), storage_id=1, type_id=3)
    )
    line: InventoryOperationTransactionDict = {
        "good_id": 2,
        "amount": 1.5,
        "cost_per_unit": 10,
        "discount": 0,
        "cost": 15,
        "operation_unit_type": 1,
    }
    model_line = InventoryOperationTransaction(
        good_id=3, amount=1, cost_per_unit=5, discount=0, cost=5, operation_unit_type=1
    )
    await shop.inventory.create_inventory_operation(
        body={
            "type_id": 1,
            "create_date": "2026-09-21",
            "storage_id": 1,
            "goods_transactions": [line, model_line],  # dicts and models mix in a list
        }
    )
    await api.authentication_b2b.authorize_user(
        body={"login": "l", "password": "p", "2fa": {"uuid": "u", "secret": "123456"}}
    )
    # bulk bodies: a list of dicts
    await shop.clients.bulk_create_clients(body=[{"name": "Ann", "phone": "+13155550175"}])


async def wrong_dict_bodies_inline(api: Altegio) -> None:
    inventory = api.location(4564).inventory
    await inventory.create_document(
        body={"create_date": "2026-09-21", "storag_id": 1, "type_id": 3}  # type: ignore[arg-type]
    )
    await inventory.create_document(
        body={"create_date": "2026-09-21", "storage_id": "1", "type_id": 3}  # type: ignore[arg-type]
    )
    await inventory.create_document(body={"create_date": "2026-09-21", "type_id": 3})  # type: ignore[arg-type]
    await inventory.create_document(body={"create_date": 20260921, "storage_id": 1, "type_id": 3})  # type: ignore[arg-type]
    await inventory.create_document(
        body={"create_date": "2026-09-21", "storage_id": 1, "type_id": 3}
    )


def wrong_dict_bodies_annotated() -> None:
    misspelt: GoodsTransactionRequestDict = {
        "document_id": 1,
        "good_id": 2,
        "amount": 1,
        "cost": 1,
        "cost_per_unit": 1,
        "discount": 0,
        "operation_unit_type": 1,
        "storag_id": 1,  # type: ignore[typeddict-unknown-key]
    }
    wrong_type: DocumentRequestDict = {
        "create_date": "2026-09-21",
        "storage_id": "1",  # type: ignore[typeddict-item]
        "type_id": 3,
    }
    missing: DocumentRequestDict = {"create_date": "2026-09-21", "type_id": 3}  # type: ignore[typeddict-item]
    date_as_int: InventoryOperationRequestDict = {
        "type_id": 1,
        "create_date": 20260921,  # type: ignore[typeddict-item]
        "storage_id": 1,
        "goods_transactions": [],
    }
    nested: AuthRequestDict = {
        "login": "l",
        "password": "p",
        "2fa": {"uuid": "u", "secret": 123456},  # type: ignore[typeddict-item]
    }
    dated: DocumentRequestDict = {
        "create_date": datetime.date(2026, 9, 21),  # type: ignore[typeddict-item]
        "storage_id": 1,
        "type_id": 3,
    }  # create_date is a date-time: a bare date is refused
    _ = (misspelt, wrong_type, missing, date_as_int, nested, dated)


def paginate_and_query_parameters(api: Altegio) -> None:
    inventory = api.location(4564).inventory
    inventory.paginate_search_for_product_transactions(start_date="2026-09-01", page_size=50)
    inventory.paginate_search_for_product_transactions(start_dat="2026-09-01")  # type: ignore[call-arg]
    inventory.paginate_search_for_product_transactions(document_id="7")  # type: ignore[arg-type]
    inventory.paginate_search_for_product_transactions(start_date=5)  # type: ignore[arg-type]


async def query_parameters(api: Altegio) -> None:
    inventory = api.location(4564).inventory
    await inventory.search_for_product_transactions(start_date=5)  # type: ignore[arg-type]
    await inventory.search_for_product_transactions(start_dat="2026-09-01")  # type: ignore[call-arg]
