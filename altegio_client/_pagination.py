"""Walking page/count operations: items one by one, or whole pages with their meta."""

from __future__ import annotations

import inspect
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from ._errors import InvalidRequestError, ResponseValidationError
from ._response import APIResponse, Meta

__all__ = ["AsyncPaginator", "Page"]

T = TypeVar("T")


@dataclass(frozen=True)
class Page(Generic[T]):
    """One page: its number, its items, and the full response (meta, headers, request id)."""

    number: int
    items: list[T]
    response: APIResponse[list[T]]

    @property
    def meta(self) -> Meta:
        """The page's typed meta (count, total_count, message; other keys in ``extra``)."""
        return self.response.meta


class AsyncPaginator(Generic[T]):
    """Requests page 1, 2, ... until a page is empty or short, or meta's total is reached."""

    def __init__(
        self,
        method: Callable[..., Awaitable[list[T]]],
        params: dict[str, Any],
        *,
        page_size: int | None,
        max_pages: int | None,
        size_param: str = "count",
    ) -> None:
        group = getattr(method, "__self__", None)
        name = getattr(method, "__name__", "")
        if group is None or not hasattr(group, "with_raw_response"):
            raise InvalidRequestError(
                "paginate() takes a client method, e.g. "
                "api.paginate(shop.inventory.search_for_product_transactions, ...)"
            )
        accepted = inspect.signature(method).parameters
        if "page" not in accepted:
            raise InvalidRequestError(f"{name}() has no `page` parameter to paginate over")
        self._raw = getattr(group.with_raw_response, name)
        self._name = name
        self._params = dict(params)
        self._first = int(self._params.pop("page", 1))
        if page_size is not None:
            if size_param not in accepted:
                raise InvalidRequestError(f"{name}() has no `{size_param}` parameter for page_size")
            self._params[size_param] = page_size
        count = self._params.get(size_param)
        self._count: int | None = count if isinstance(count, int) else None
        self._max_pages = max_pages

    def __aiter__(self) -> AsyncIterator[T]:
        return self._items()

    async def _items(self) -> AsyncIterator[T]:
        async for page in self.pages():
            for item in page.items:
                yield item

    async def pages(self) -> AsyncIterator[Page[T]]:
        """Whole pages, in order, each with its APIResponse."""
        number, seen, expected = self._first, 0, self._count
        fetched = 0
        while self._max_pages is None or fetched < self._max_pages:
            response: APIResponse[list[T]] = await self._raw(page=number, **self._params)
            items = response.data if response.data is not None else []
            if not isinstance(items, list):
                raise ResponseValidationError(
                    f"{self._name}: a page is not a list",
                    response=response.http_response,
                    body=response.envelope,
                    request_id=response.request_id,
                )
            fetched += 1
            if not items:
                return
            yield Page(number=number, items=items, response=response)
            seen += len(items)
            total = response.meta.total_count
            if total is not None and seen >= total:
                return
            if expected is None:
                expected = len(items)  # the server's page size, learnt from the first page
            if len(items) < expected:
                return
            number += 1
