"""Reply bodies for the bench server, built from the examples in the shipped corrected spec.

Using the spec's own examples keeps the payloads realistic and identical for every client;
transaction pages are the one documented item repeated with varied ids and values.
"""

from __future__ import annotations

import copy
import json
from functools import cache
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SPEC_PATH = ROOT / "altegio_client" / "_generated" / "openapi.json"
MAX_PAGE = 10_000

# operationId -> (method, path) of the three endpoints the bench serves
ENDPOINTS = {
    "get_document": ("get", "/storage_operations/documents/{location_id}/{document_id}"),
    "get_location_inventories": ("get", "/storages/{location_id}"),
    "search_for_product_transactions": ("get", "/storages/transactions/{location_id}"),
}


@cache
def spec() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(SPEC_PATH.read_text(encoding="utf-8"))
    return loaded


def example(operation_id: str) -> dict[str, Any]:
    """The documented 200 example envelope of one of the served operations (a fresh copy)."""
    method, path = ENDPOINTS[operation_id]
    operation = spec()["paths"][path][method]
    if operation.get("operationId") != operation_id:
        raise LookupError(f"{method.upper()} {path} is not {operation_id} in the spec")
    body = operation["responses"]["200"]["content"]["application/json"]["example"]
    return copy.deepcopy(body)


def bench_body(operation_id: str) -> dict[str, Any]:
    """The example as the bench serves it: numbers the peer SDK only takes as strings are sent
    as strings (our models accept both), so every client parses the same successful reply."""
    body = example(operation_id)
    if operation_id == "get_document":
        company = body["data"]["company"]
        for name in ("timezone", "coordinate_lat", "coordinate_lon"):
            company[name] = str(company[name])
    if operation_id == "search_for_product_transactions":
        return transactions_page(1)
    return body


def transaction_item(index: int) -> dict[str, Any]:
    """The documented transaction item, varied by ``index`` so no two items are identical."""
    item: dict[str, Any] = example("search_for_product_transactions")["data"][0]
    item["id"] = item["id"] + index
    item["document_id"] = item["document_id"] + index // 10
    item["good"]["id"] = item["good"]["id"] + index % 97
    item["good"]["title"] = f"Product {index % 97}"
    item["cost_per_unit"] = round(item["cost_per_unit"] + (index % 13) * 0.5, 2)
    item["cost"] = (index % 7) * 3
    item["record_id"] = index
    # The documented example sends the phone as a number; the peer SDK's model only takes a
    # string, so the bench sends a string (which both SDKs accept) to compare parsing, not errors.
    item["clients"]["phone"] = f"+1315555{index % 10_000:04d}"
    return item


def transactions_page(count: int) -> dict[str, Any]:
    """An envelope with ``count`` transactions (1..MAX_PAGE)."""
    if not 1 <= count <= MAX_PAGE:
        raise ValueError(f"page size must be 1..{MAX_PAGE}, got {count}")
    body = example("search_for_product_transactions")
    body["data"] = [transaction_item(i) for i in range(count)]
    return body


def encode(body: Any) -> bytes:
    return json.dumps(body, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
