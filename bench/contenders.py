"""The clients being compared, each behind the same three calls against the bench server.

Every contender gets the same connection pool (100 connections, all kept alive) through its own
supported knob, so the numbers compare per-call SDK work rather than pool defaults.
"""

from __future__ import annotations

import json
from typing import Any, Protocol

import httpx

from altegio_client import Altegio
from altegio_client._generated.api.inventory import (
    get_document,
    get_location_inventories,
    search_for_product_transactions,
)
from altegio_client._generated.client import AuthenticatedClient
from bench.serve import Server

LOCATION_ID = 4564
DOCUMENT_ID = 22255503
PARTNER, USER = "bench-partner", "bench-user"
ACCEPT = "application/vnd.api.v2+json"
POOL = httpx.Limits(max_connections=100, max_keepalive_connections=100)


class Contender(Protocol):
    name: str

    async def get_document(self) -> Any: ...
    async def get_location_inventories(self) -> Any: ...
    async def search(self, count: int) -> Any: ...
    async def aclose(self) -> None: ...


def _headers() -> dict[str, str]:
    return {"Accept": ACCEPT, "Authorization": f"Bearer {PARTNER}, User {USER}"}


class Floor:
    """Raw httpx + json.loads: the least any httpx-based SDK can do."""

    name = "httpx + json.loads (floor)"

    def __init__(self, server: Server, transport: httpx.AsyncBaseTransport | None = None) -> None:
        self._http = httpx.AsyncClient(
            base_url=server.base_url, headers=_headers(), limits=POOL, transport=transport
        )

    async def _get(self, path: str, params: dict[str, Any] | None = None) -> Any:
        response = await self._http.get(path, params=params)
        return json.loads(response.content)["data"]

    async def get_document(self) -> Any:
        return await self._get(f"/storage_operations/documents/{LOCATION_ID}/{DOCUMENT_ID}")

    async def get_location_inventories(self) -> Any:
        return await self._get(f"/storages/{LOCATION_ID}")

    async def search(self, count: int) -> Any:
        return await self._get(f"/storages/transactions/{LOCATION_ID}", {"page": 1, "count": count})

    async def aclose(self) -> None:
        await self._http.aclose()


class Ours:
    """The public client: facade -> Operation -> retries -> decode into attrs models."""

    name = "altegio_client (Altegio)"

    def __init__(
        self,
        server: Server,
        transport: httpx.AsyncBaseTransport | None = None,
        rate_limit: Any = None,
    ) -> None:
        self.api = Altegio(
            PARTNER, USER, base_url=server.base_url, rate_limit=rate_limit, transport=transport
        )
        self._shop = self.api.location(LOCATION_ID)

    async def get_document(self) -> Any:
        return await self._shop.inventory.get_document(DOCUMENT_ID)

    async def get_location_inventories(self) -> Any:
        return await self._shop.inventory.get_location_inventories()

    async def search(self, count: int) -> Any:
        return await self._shop.inventory.search_for_product_transactions(page=1, count=count)

    async def aclose(self) -> None:
        await self.api.aclose()


class Generated:
    """openapi-python-client's layer on its own (no checks, envelope returned as is)."""

    name = "generated layer alone"

    def __init__(self, server: Server, transport: httpx.AsyncBaseTransport | None = None) -> None:
        self._client = AuthenticatedClient(
            base_url=server.base_url,
            token=f"{PARTNER}, User {USER}",
            headers={"Accept": ACCEPT},
            httpx_args={"limits": POOL, "transport": transport},
        )

    async def get_document(self) -> Any:
        return await get_document.asyncio(
            location_id=LOCATION_ID, document_id=DOCUMENT_ID, client=self._client
        )

    async def get_location_inventories(self) -> Any:
        return await get_location_inventories.asyncio(location_id=LOCATION_ID, client=self._client)

    async def search(self, count: int) -> Any:
        return await search_for_product_transactions.asyncio(
            location_id=LOCATION_ID, page=1, count=count, client=self._client
        )

    async def aclose(self) -> None:
        await self._client.get_async_httpx_client().aclose()


class Peer:
    """yclients 0.1.1 (httpx + pydantic). Its paths carry /api/v1, so it gets the bare origin.

    Equivalents: storage_documents.get, storages.list, goods_transactions.list (same endpoints).
    """

    name = "yclients 0.1.1 (peer)"

    def __init__(self, server: Server, transport: httpx.AsyncBaseTransport | None = None) -> None:
        from yclients import YclientsClient

        self._http = httpx.AsyncClient(base_url=server.origin, limits=POOL, transport=transport)
        self._client = YclientsClient(PARTNER, USER, http_client=self._http)

    async def get_document(self) -> Any:
        return await self._client.storage_documents.get(LOCATION_ID, DOCUMENT_ID)

    async def get_location_inventories(self) -> Any:
        return await self._client.storages.list(LOCATION_ID)

    async def search(self, count: int) -> Any:
        return await self._client.goods_transactions.list(LOCATION_ID, page_=1, count_=count)

    async def aclose(self) -> None:
        await self._http.aclose()


FACTORIES: dict[str, type[Floor | Ours | Generated | Peer]] = {
    "floor": Floor,
    "ours": Ours,
    "generated": Generated,
    "peer": Peer,
}
