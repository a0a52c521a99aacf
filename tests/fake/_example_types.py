"""Comparing a reply with a documented example by JSON type, path by path."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from altegio_client._shape import json_kind


def kind(value: Any) -> str:
    """JSON type; integers and decimals are one JSON type, ``number``."""
    found = json_kind(value)
    return "number" if found == "integer" else found


def examples_of(spec: Mapping[str, Any], path: str, method: str) -> Iterator[tuple[int, Any]]:
    """(status, example body) of every documented 2xx example of one operation."""
    operation = spec["paths"][path][method.lower()]
    for status, response in operation.get("responses", {}).items():
        if not status.startswith("2"):
            continue
        while "$ref" in response:
            response = spec["components"]["responses"][response["$ref"].rsplit("/", 1)[-1]]
        for media in (response.get("content") or {}).values():
            if "example" in media:
                yield int(status), media["example"]
            for example in (media.get("examples") or {}).values():
                while "$ref" in example:
                    name = example["$ref"].rsplit("/", 1)[-1]
                    example = spec["components"]["examples"][name]
                if "value" in example:
                    yield int(status), example["value"]


def type_mismatches(example: Any, reply: Any, where: str = "") -> list[str]:
    """Every JSON path of ``example`` where ``reply`` has another JSON type, or nothing.

    Each item of a reply list must fit one of the example's items (the vendor's examples show
    one or several, e.g. a root category and a child). A reply list left empty where the
    example has items is reported too: the call did not reach the documented situation.
    """
    here = where or "<root>"
    if kind(example) != kind(reply):
        return [f"{here}: example has {kind(example)}, reply has {kind(reply)}"]
    found: list[str] = []
    if isinstance(example, dict) and example and all(k.isdigit() for k in example):
        # a map keyed by ids (a location's ``groups``): every value fits one example value
        return type_mismatches(list(example.values()), list(reply.values()), where)
    if isinstance(example, dict):
        for key, value in example.items():
            inner = f"{where}.{key}" if where else key
            if key not in reply:
                found.append(f"{inner}: missing from the reply")
                continue
            found += type_mismatches(value, reply[key], inner)
    elif isinstance(example, list) and example:
        if not reply:
            return [f"{here}: example has items, reply has none"]
        for index, item in enumerate(reply):
            tries: list[list[str]] = [
                type_mismatches(sample, item, f"{where}[{index}]") for sample in example
            ]
            if all(tries):  # fits no example item: report the closest one
                closest: list[str] = min(tries, key=len)
                found.extend(closest)
    return found
