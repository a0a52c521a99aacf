"""Base classes the generated facade builds on: where a call goes and with which location."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ._client import Altegio
    from ._operation import Operation
    from ._response import APIResponse

__all__ = ["ChainGroup", "LocationGroup", "RootGroup", "ScopeBase"]


class ScopeBase:
    """Holds the client that sends calls and, in a location or chain scope, the bound id."""

    __slots__ = ("__dict__", "_location_id", "_runtime")

    def __init__(self, runtime: Altegio, location_id: int | None) -> None:
        self._runtime = runtime
        self._location_id = location_id

    async def _call(self, operation: Operation, args: dict[str, Any]) -> Any:
        return await self._runtime._send(operation, self._location_id, args, raw=False)

    async def _call_raw(self, operation: Operation, args: dict[str, Any]) -> APIResponse[Any]:
        response: APIResponse[Any] = await self._runtime._send(
            operation, self._location_id, args, raw=True
        )
        return response


class LocationGroup(ScopeBase):
    """Operations of one tag at one location: ``location_id`` is filled in for every call."""

    def __repr__(self) -> str:
        return f"{type(self).__name__}(location_id={self._location_id})"


class ChainGroup(ScopeBase):
    """Operations of one tag for one chain of locations: ``chain_id`` is filled in for each call."""

    def __repr__(self) -> str:
        return f"{type(self).__name__}(chain_id={self._location_id})"


class RootGroup(ScopeBase):
    """Operations of one tag that take no location."""

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"
