"""`api.paginate()`: items in order, the exact number of requests, and every stop rule."""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

import httpx
import pytest

from altegio_client import InvalidRequestError, Meta, ResponseValidationError

from .helpers import LOCATION, Recorder, envelope, make_client


def paged(pages: list[list[int]], total: int | None = None) -> Recorder:
    """Answer page n (1-based) with transactions whose ids are ``pages[n - 1]``."""

    def respond(request: httpx.Request) -> httpx.Response:
        number = int(request.url.params["page"])
        ids = pages[number - 1] if number <= len(pages) else []
        meta: Any = [] if total is None else {"count": len(ids), "total_count": total}
        return envelope([{"id": i, "document_id": 9} for i in ids], meta=meta)

    return Recorder(respond)


def page_params(rec: Recorder) -> list[dict[str, str]]:
    return [dict(r.url.params) for r in rec.requests]


async def test_collects_all_items_over_three_pages() -> None:
    rec = paged([[1, 2, 3], [4, 5, 6], [7]])
    async with make_client(rec) as api:
        shop = api.location(LOCATION)
        items = [
            tx.id
            async for tx in api.paginate(
                shop.inventory.search_for_product_transactions, count=3, document_id=9
            )
        ]
    assert items == [1, 2, 3, 4, 5, 6, 7]
    assert rec.count == 3
    assert page_params(rec) == [
        {"page": "1", "count": "3", "document_id": "9"},
        {"page": "2", "count": "3", "document_id": "9"},
        {"page": "3", "count": "3", "document_id": "9"},
    ]
    assert {r.url.path for r in rec.requests} == {f"/api/v1/storages/transactions/{LOCATION}"}


async def test_page_size_sets_count() -> None:
    rec = paged([[1, 2], [3, 4], [5]])
    async with make_client(rec) as api:
        shop = api.location(LOCATION)
        paginator = api.paginate(shop.inventory.search_for_product_transactions, page_size=2)
        items = [tx.id async for tx in paginator]
    assert items == [1, 2, 3, 4, 5]
    assert [p["count"] for p in page_params(rec)] == ["2", "2", "2"]


async def test_stops_on_an_empty_page() -> None:
    rec = paged([[1, 2], [3, 4], []])
    async with make_client(rec) as api:
        shop = api.location(LOCATION)
        paginator = api.paginate(shop.inventory.search_for_product_transactions, count=2)
        items = [tx.id async for tx in paginator]
    assert items == [1, 2, 3, 4]
    assert rec.count == 3


async def test_stops_when_total_count_is_reached() -> None:
    rec = paged([[1, 2], [3, 4], [5, 6]], total=4)
    async with make_client(rec) as api:
        shop = api.location(LOCATION)
        paginator = api.paginate(shop.inventory.search_for_product_transactions, count=2)
        items = [tx.id async for tx in paginator]
    assert items == [1, 2, 3, 4]
    assert rec.count == 2


async def test_learns_page_size_from_the_first_page() -> None:
    rec = paged([[1, 2, 3], [4, 5, 6], [7, 8]])
    async with make_client(rec) as api:
        shop = api.location(LOCATION)
        items = [tx.id async for tx in api.paginate(shop.inventory.search_for_product_transactions)]
    assert items == [1, 2, 3, 4, 5, 6, 7, 8]
    assert page_params(rec) == [{"page": "1"}, {"page": "2"}, {"page": "3"}]


async def test_starts_at_the_given_page_and_honours_max_pages() -> None:
    rec = paged([[1, 2], [3, 4], [5, 6], [7, 8]])
    async with make_client(rec) as api:
        shop = api.location(LOCATION)
        paginator = api.paginate(
            shop.inventory.search_for_product_transactions, page=2, count=2, max_pages=2
        )
        items = [tx.id async for tx in paginator]
    assert items == [3, 4, 5, 6]
    assert [p["page"] for p in page_params(rec)] == ["2", "3"]


async def test_pages_yield_numbers_items_and_meta() -> None:
    rec = paged([[1, 2], [3, 4], [5]], total=5)
    async with make_client(rec) as api:
        shop = api.location(LOCATION)
        paginator = api.paginate(shop.inventory.search_for_product_transactions, count=2)
        pages = [page async for page in paginator.pages()]
    assert [p.number for p in pages] == [1, 2, 3]
    assert [[tx.id for tx in p.items] for p in pages] == [[1, 2], [3, 4], [5]]
    assert [(p.meta.count, p.meta.total_count) for p in pages] == [(2, 5), (2, 5), (1, 5)]
    assert pages[0].meta == Meta(count=2, total_count=5)
    assert [p.response.status_code for p in pages] == [200, 200, 200]
    assert rec.count == 3


async def test_paginate_rejects_methods_without_page() -> None:
    async with make_client(paged([])) as api:
        shop = api.location(LOCATION)
        with pytest.raises(InvalidRequestError, match="no `page` parameter"):
            api.paginate(shop.inventory.get_location_inventories)
        with pytest.raises(InvalidRequestError, match="client method"):
            api.paginate(len)  # type: ignore[arg-type]


async def test_a_page_that_is_not_a_list_is_a_validation_error() -> None:
    def respond(request: httpx.Request) -> httpx.Response:
        return envelope({"id": 1})

    async with make_client(respond) as api:
        shop = api.location(LOCATION)
        with pytest.raises(ResponseValidationError):
            _ = [tx async for tx in api.paginate(shop.inventory.search_for_product_transactions)]


async def test_generated_paginator_sends_its_parameters_and_page_size_as_count() -> None:
    rec = paged([[1, 2], [3, 4], [5]], total=5)
    async with make_client(rec) as api:
        walk = api.location(LOCATION).inventory.paginate_search_for_product_transactions(
            start_date="2026-09-01", document_id=9, page_size=2
        )
        items = [tx.id async for tx in walk]
        pages = [(p.number, p.meta.total_count) async for p in walk.pages()]
    assert items == [1, 2, 3, 4, 5]
    assert pages == [(1, 5), (2, 5), (3, 5)]
    assert page_params(rec)[:3] == [
        {"start_date": "2026-09-01", "document_id": "9", "count": "2", "page": str(n)}
        for n in (1, 2, 3)
    ]


async def test_generated_paginator_leaves_unset_parameters_out_and_stops_at_max_pages() -> None:
    rec = paged([[1, 2], [3, 4], [5, 6], [7]])
    async with make_client(rec) as api:
        walk = api.location(LOCATION).inventory.paginate_search_for_product_transactions(
            max_pages=2
        )
        items = [tx.id async for tx in walk]
    assert items == [1, 2, 3, 4]
    assert page_params(rec) == [{"page": "1"}, {"page": "2"}]


def test_every_list_operation_with_a_page_parameter_has_a_paginator() -> None:
    import inspect
    import typing

    from altegio_client import _facade

    facade_dir = Path(_facade.__file__).parent
    checked = 0
    for module_file in sorted(facade_dir.glob("*.py")):
        module = importlib.import_module(f"altegio_client._facade.{module_file.stem}")
        for cls in vars(module).values():
            if not (inspect.isclass(cls) and cls.__module__ == module.__name__):
                continue
            if cls.__name__.endswith("Raw"):
                continue
            for name, method in vars(cls).items():
                if name.startswith(("_", "paginate_")) or not inspect.iscoroutinefunction(method):
                    continue
                returns = typing.get_type_hints(method, vars(module) | _models()).get("return")
                if "page" in inspect.signature(method).parameters and (
                    typing.get_origin(returns) is list
                ):
                    walker = getattr(cls, f"paginate_{name}")
                    accepted = set(inspect.signature(walker).parameters)
                    assert "page" not in accepted
                    assert "max_pages" in accepted
                    checked += 1
    assert checked >= 16


def _models() -> dict[str, Any]:
    """The names facade annotations use but import only for type checkers."""
    from altegio_client._facade import bodies
    from altegio_client._generated import models

    return {name: getattr(models, name) for name in models.__all__} | {
        name: getattr(bodies, name) for name in bodies.__all__
    }
