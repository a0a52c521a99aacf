"""Matching a request path to an operation of the spec.

Routes come from the spec itself, so an operation added by a later spec version is routed
(and answered 501 until the fake implements it) without touching this module.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

__all__ = ["Route", "RouteTable"]

_METHODS = ("get", "put", "post", "delete", "patch")


@dataclass(frozen=True)
class Route:
    """One operation: its id, method, path template and the security scheme it uses."""

    operation_id: str
    method: str
    template: str
    pattern: re.Pattern[str]
    user_auth: bool
    error_schemas: dict[int, str]  # status -> name of the documented error body schema

    def match(self, path: str) -> dict[str, str] | None:
        found = self.pattern.fullmatch(path)
        return found.groupdict() if found else None


class RouteTable:
    """All operations of a spec, most specific template first."""

    def __init__(self, spec: Mapping[str, Any]) -> None:
        routes: list[Route] = []
        for template, item in spec.get("paths", {}).items():
            for method in _METHODS:
                operation = item.get(method)
                if operation is None:
                    continue
                routes.append(
                    Route(
                        operation_id=operation["operationId"],
                        method=method.upper(),
                        template=template,
                        pattern=_compile(template),
                        user_auth=_needs_user(operation, spec),
                        error_schemas=_error_schemas(operation, spec),
                    )
                )
        # A literal segment beats a parameter: /goods/search/{id} before /goods/{id}/{id}.
        routes.sort(key=lambda r: -sum(1 for s in r.template.split("/") if "{" not in s))
        self.routes = routes

    def find(self, method: str, path: str) -> tuple[Route, dict[str, str]] | None:
        """The operation for a path, with or without a trailing slash (the API takes both;
        the vendor's own URLs end with one for several operations)."""
        for route in self.routes:
            if route.method != method:
                continue
            params = route.match(path)
            if params is not None:
                return route, params
        return None

    @staticmethod
    def canonical(route: Route, path: str) -> str:
        """``path`` with the trailing slash as the spec's template has it."""
        if route.template.endswith("/"):
            return path if path.endswith("/") else path + "/"
        return path.rstrip("/") or "/"


def _compile(template: str) -> re.Pattern[str]:
    parts = re.split(r"(\{[^}]+\})", template.rstrip("/"))
    regex = "".join(
        f"(?P<{p[1:-1]}>[^/]+)" if p.startswith("{") else re.escape(p) for p in parts if p
    )
    return re.compile(regex + "/?")


def _needs_user(operation: Mapping[str, Any], spec: Mapping[str, Any]) -> bool:
    security = operation.get("security", spec.get("security")) or []
    # Required only when every alternative needs it; get_location_list takes either header.
    return bool(security) and all("BearerPartnerUser" in requirement for requirement in security)


def _error_schemas(operation: Mapping[str, Any], spec: Mapping[str, Any]) -> dict[int, str]:
    found: dict[int, str] = {}
    for status, response in operation.get("responses", {}).items():
        if not status.isdigit() or int(status) < 400:
            continue
        ref = response.get("$ref", "")
        if ref.startswith("#/components/responses/"):
            response = spec["components"]["responses"][ref.rsplit("/", 1)[-1]]
        schema = response.get("content", {}).get("application/json", {}).get("schema", {})
        found[int(status)] = str(schema.get("$ref", "")).rsplit("/", 1)[-1]
    return found
