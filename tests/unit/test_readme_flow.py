"""The README's flow end to end against a MockTransport that answers with the spec's examples."""

from __future__ import annotations

import copy
import functools
import json
from pathlib import Path
from typing import Any

import httpx

import altegio_client
from altegio_client import LoggedIn
from altegio_client.models import DocumentRequestDict

from .helpers import LOGIN, PARTNER, PASSWORD, Recorder, make_client

SPEC = Path(altegio_client.__file__).parent / "_generated" / "openapi.json"
SHOP = 4564
TOKEN_FROM_EXAMPLE = "wec23fh8cDfFV4432fc352456"


@functools.cache
def examples() -> dict[str, Any]:
    """operationId -> the documented success example (taken from the shipped spec)."""
    spec = json.loads(SPEC.read_text())
    found: dict[str, Any] = {}
    for item in spec["paths"].values():
        for operation in item.values():
            for code, reply in operation.get("responses", {}).items():
                if code.startswith("2"):
                    content = reply.get("content", {}).get("application/json", {})
                    if "example" in content:
                        found[operation["operationId"]] = content["example"]
    return found


def transactions_page(number: int, count: int, total: int) -> dict[str, Any]:
    """A page of the documented transaction, renumbered; `total` items over all pages."""
    template = examples()["search_for_product_transactions"]["data"][0]
    first = (number - 1) * count
    ids = range(first + 1, min(first + count, total) + 1)
    data = [{**copy.deepcopy(template), "id": i} for i in ids]
    return {"success": True, "data": data, "meta": {"count": len(data), "total_count": total}}


def api_double(request: httpx.Request) -> httpx.Response:
    route = (request.method, request.url.path.removeprefix("/api/v1"))
    if route == ("POST", "/auth"):
        return httpx.Response(201, json=examples()["authorize_user"])
    if route == ("GET", f"/storages/{SHOP}"):
        return httpx.Response(200, json=examples()["get_location_inventories"])
    if route == ("POST", f"/storage_operations/documents/{SHOP}"):
        return httpx.Response(200, json=examples()["create_document"])
    if route == ("GET", f"/storages/transactions/{SHOP}"):
        page = int(request.url.params["page"])
        return httpx.Response(200, json=transactions_page(page, 2, total=5))
    if route == ("GET", "/companies"):
        return httpx.Response(200, json=examples()["get_location_list"])
    return httpx.Response(404, json={"success": False, "data": None, "meta": {"message": "?"}})


async def test_readme_flow() -> None:
    rec = Recorder(api_double)
    document_body: DocumentRequestDict = {
        "type_id": 3,
        "storage_id": 36539,
        "create_date": "2026-09-21T23:00:00.000-05:00",
        "comment": "Weekly delivery",
    }
    async with make_client(rec, user_token=None) as api:
        result = await api.login(LOGIN, PASSWORD)
        assert isinstance(result, LoggedIn)
        shop = api.location(SHOP)
        storages = await shop.inventory.get_location_inventories()
        document = await shop.inventory.create_document(body=document_body)
        transactions = [
            tx
            async for tx in api.paginate(
                shop.inventory.search_for_product_transactions,
                document_id=document.id,
                count=2,
            )
        ]
        locations = await api.locations.get_location_list(my=1)

    # what came back: the documented examples, parsed without loss
    assert result.user.name == "James Smith"
    assert [s.to_dict() for s in storages] == examples()["get_location_inventories"]["data"]
    assert document.to_dict() == examples()["create_document"]["data"]
    assert document.id == 22255503
    assert [tx.id for tx in transactions] == [1, 2, 3, 4, 5]
    assert transactions[0].good is not None
    assert [loc.to_dict() for loc in locations] == examples()["get_location_list"]["data"]

    # what was sent
    sent = [(r.method, r.url.path, dict(r.url.params)) for r in rec.requests]
    assert sent == [
        ("POST", "/api/v1/auth", {}),
        ("GET", f"/api/v1/storages/{SHOP}", {}),
        ("POST", f"/api/v1/storage_operations/documents/{SHOP}", {}),
        *[
            (
                "GET",
                f"/api/v1/storages/transactions/{SHOP}",
                {"page": str(n), "count": "2", "document_id": "22255503"},
            )
            for n in (1, 2, 3)
        ],
        ("GET", "/api/v1/companies", {"my": "1"}),
    ]
    assert rec.bodies()[0] == {"login": LOGIN, "password": PASSWORD}
    assert rec.bodies()[2] == document_body
    assert rec.requests[2].headers["Content-Type"] == "application/json"
    user_header = f"Bearer {PARTNER}, User {TOKEN_FROM_EXAMPLE}"
    assert [r.headers["Authorization"] for r in rec.requests] == [
        f"Bearer {PARTNER}",
        user_header,
        user_header,
        user_header,
        user_header,
        user_header,
        user_header,  # get_location_list sends the user token when there is one (my=1)
    ]
    assert {r.headers["Accept"] for r in rec.requests} == {"application/vnd.api.v2+json"}
