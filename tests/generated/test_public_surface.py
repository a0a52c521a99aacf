"""Every API call of the vendor's index is reachable through the public client, in its scope."""

from __future__ import annotations

import csv
import inspect
import json
import re
import warnings
from pathlib import Path
from typing import Any

import httpx
import pytest

from altegio_client import Altegio, ChainScope, LocationScope
from altegio_client._operation import Operation
from altegio_client._scope import ScopeBase

ROOT = Path(__file__).resolve().parents[2]
INDEX = ROOT / "tests" / "data" / "endpoints.tsv"  # the vendor's index, as published
SPEC: dict[str, Any] = json.loads(
    (ROOT / "altegio_client" / "_generated" / "openapi.json").read_text(encoding="utf-8")
)
# The index's one entry that is not a call to the API (the vendor calls the partner's server).
NOT_A_CALL = {"fiscalize_document"}
RUNTIME_HEADERS = {"accept", "authorization", "content_type", "conetnt_type", "authorizarion"}


def index_operation_ids() -> set[str]:
    with INDEX.open(encoding="utf-8") as fh:
        return {
            row["doc_url"].rsplit("/", 1)[-1].removesuffix(".md")
            for row in csv.DictReader(fh, delimiter="\t")
        }


def reachable(api: Altegio) -> dict[str, tuple[str, Operation, Any]]:
    """operationId -> (scope kind, Operation, bound method) over the three kinds of scope."""
    found: dict[str, tuple[str, Operation, Any]] = {}
    for kind, scope in (("root", api), ("location", api.location(1)), ("chain", api.chain(1))):
        for tag, _ in inspect.getmembers(type(scope)):
            if tag.startswith("_"):
                continue
            group = getattr(scope, tag, None)
            if not isinstance(group, ScopeBase) or isinstance(group, Altegio):
                continue
            module = inspect.getmodule(type(group))
            for name, method in inspect.getmembers(group, inspect.iscoroutinefunction):
                operation = getattr(module, f"_{name.upper()}", None)
                if isinstance(operation, Operation):
                    found[name] = (kind, operation, method)
    return found


@pytest.fixture(scope="module")
def surface() -> dict[str, tuple[str, Operation, Any]]:
    return reachable(Altegio("p", "u"))


def test_every_indexed_call_is_reachable(surface: dict[str, tuple[str, Operation, Any]]) -> None:
    wanted = index_operation_ids() - NOT_A_CALL
    assert len(wanted) == 259
    missing = sorted(wanted - set(surface))
    assert not missing, f"not reachable through the public client: {missing}"
    assert not NOT_A_CALL & set(surface)


def test_each_call_sits_in_the_scope_its_path_names(
    surface: dict[str, tuple[str, Operation, Any]],
) -> None:
    for name, (kind, operation, method) in surface.items():
        names = set(re.findall(r"\{([^}]+)\}", operation.path))
        expected = (
            "location" if "location_id" in names else "chain" if "chain_id" in names else "root"
        )
        assert kind == expected, f"{name}: on {kind}, its path {operation.path} says {expected}"
        parameters = inspect.signature(method).parameters
        assert "location_id" not in parameters or kind != "location", name
        if {"location_id", "chain_id"} <= names:  # both ids: the chain is an argument
            assert "chain_id" in parameters, name


def test_scope_objects() -> None:
    api = Altegio("p", "u")
    assert isinstance(api.location(4564), LocationScope)
    assert isinstance(api.chain(7), ChainScope)
    assert api.chain(7).chain_id == 7


def test_no_method_takes_a_header_the_runtime_sets(
    surface: dict[str, tuple[str, Operation, Any]],
) -> None:
    for name, (_, _, method) in surface.items():
        taken = {p.lower() for p in inspect.signature(method).parameters}
        assert not taken & RUNTIME_HEADERS, f"{name} takes {taken & RUNTIME_HEADERS}"


def test_docstrings_link_the_vendor_page(surface: dict[str, tuple[str, Operation, Any]]) -> None:
    for name, (_, operation, method) in surface.items():
        doc = method.__doc__ or ""
        assert f"{operation.method} {operation.path}" in doc, name
        assert re.search(
            rf"https://developer\.alteg\.io/en/b2b-v1/openapi/[a-z0-9-]+/{name}\.md", doc
        )


def test_deprecated_calls_warn(surface: dict[str, tuple[str, Operation, Any]]) -> None:
    deprecated = {
        op["operationId"]
        for item in SPEC["paths"].values()
        for op in item.values()
        if op.get("deprecated")
    }
    assert len(deprecated) == 16
    flagged = {name for name, (_, operation, _) in surface.items() if operation.deprecated}
    assert flagged == deprecated
    for name in deprecated:
        assert "Deprecated by the vendor" in (surface[name][2].__doc__ or ""), name


async def test_a_deprecated_call_emits_deprecation_warning() -> None:
    def reply(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json={"success": True, "data": [], "meta": []})

    transport = httpx.MockTransport(reply)
    async with Altegio("p", "u", transport=transport, rate_limit=None, max_retries=0) as api:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            await api.location(1).products.deprecated_get_product_category_list(2)
    assert [w.category for w in caught] == [DeprecationWarning]
    assert "deprecated_get_product_category_list" in str(caught[0].message)
