"""Numbers the API sends as strings become numbers where the spec says number or integer.

The API sometimes sends ``"cost": "0.00"`` or ``"id": "999290"``. The generated models do not
convert values, so such a string would sit in a field typed ``float`` or ``int``, and user code
doing arithmetic on it would be silently wrong. This step walks a decoded reply along the
corrected spec's schema and converts those strings before the models are built. Fields the spec
allows to be strings (``type: [integer, string]`` from the overlay) are left alone.

The walk is compiled once per operation into small closures that only visit the properties that
can hold a number, so the cost per reply stays a fraction of the model parsing.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import cache
from importlib import resources
from typing import Any

__all__ = ["NotANumber", "reply_coercer"]

Coerce = Callable[[Any], Any]


@cache
def _spec() -> dict[str, Any]:
    text = resources.files("altegio_client._generated").joinpath("openapi.json").read_text("utf-8")
    spec: dict[str, Any] = json.loads(text)
    return spec


def reply_coercer(path: str, method: str) -> Coerce | None:
    """The coercer for the 2xx reply of one operation, or None when it has no numbers."""
    operation = _spec()["paths"][path][method.lower()]
    for status, response in sorted(operation.get("responses", {}).items()):
        if not status.startswith("2"):
            continue
        content = _resolve(response).get("content", {})
        for media in content.values():
            if "schema" in media:
                return _Compiler().compile(media["schema"])
    return None


def _resolve(node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        _, kind, name = node["$ref"].rsplit("/", 2)
        node = _spec()["components"][kind][name]
    return node


class NotANumber(ValueError):
    """Text that is no number where the spec says number: the reply does not fit."""


def _to_int(value: Any) -> Any:
    if type(value) is str:
        try:
            return int(value)
        except ValueError:
            number = _to_number(value)
            return int(number) if isinstance(number, float) and number.is_integer() else number
    return value


def _to_number(value: Any) -> Any:
    if type(value) is str:
        try:
            number = float(value)
        except ValueError:
            raise NotANumber(f"{value[:40]!r} where the spec says a number") from None
        return int(number) if number.is_integer() and "." not in value else number
    return value


class _Compiler:
    """Builds one coercer per schema; recursive schemas reuse the coercer being built."""

    def __init__(self) -> None:
        self._done: dict[int, Coerce | None] = {}

    def compile(self, schema: dict[str, Any]) -> Coerce | None:
        schema = _resolve(schema)
        key = id(schema)
        if key in self._done:
            return self._done[key]
        self._done[key] = None  # a schema that refers to itself adds nothing new
        result = self._build(schema)
        self._done[key] = result
        return result

    def _build(self, schema: dict[str, Any]) -> Coerce | None:
        alternatives = schema.get("anyOf") or schema.get("oneOf")
        if alternatives:
            return self._choice([_resolve(a) for a in alternatives])
        kinds = schema.get("type")
        kinds = set(kinds) if isinstance(kinds, list) else {kinds} if kinds else set()
        if "string" in kinds:
            return None  # strings are allowed here: leave the value as sent
        if "integer" in kinds:
            return _to_int
        if "number" in kinds:
            return _to_number
        if "array" in kinds:
            return self._array(schema.get("items", {}))
        if "properties" in schema:
            return self._object(schema["properties"])
        return None

    def _object(self, properties: dict[str, Any]) -> Coerce | None:
        fields = [(name, self.compile(sub)) for name, sub in properties.items()]
        # Plain number fields are the common case: test the type inline, call only for a str.
        leaves: list[tuple[str, Coerce]] = []
        nested: list[tuple[str, Coerce]] = []
        for name, fn in fields:
            if fn is not None:
                (leaves if fn in (_to_int, _to_number) else nested).append((name, fn))
        if not leaves and not nested:
            return None

        def coerce(value: Any) -> Any:
            if type(value) is dict:
                get = value.get
                for name, convert in leaves:
                    if type(get(name)) is str:
                        value[name] = convert(value[name])
                for name, inner in nested:
                    item = get(name)
                    if item is not None:
                        value[name] = inner(item)
            return value

        return coerce

    def _array(self, items: dict[str, Any]) -> Coerce | None:
        fn = self.compile(items)
        if fn is None:
            return None

        def coerce(value: Any) -> Any:
            if type(value) is list:
                value[:] = [fn(item) for item in value]
            return value

        return coerce

    def _choice(self, alternatives: list[dict[str, Any]]) -> Coerce | None:
        """Pick the alternative by the value's JSON kind; numbers only if no string is allowed."""
        by_kind: dict[type, Coerce | None] = {}
        allows_string = False
        for alt in alternatives:
            kinds = alt.get("type")
            kinds = set(kinds) if isinstance(kinds, list) else {kinds} if kinds else set()
            if "string" in kinds:
                allows_string = True
            if "array" in kinds:
                by_kind.setdefault(list, self.compile(alt))
            if "properties" in alt or "object" in kinds:
                by_kind.setdefault(dict, self.compile(alt))
            if kinds & {"integer", "number"}:
                by_kind.setdefault(str, self.compile(alt))
        if allows_string:
            by_kind.pop(str, None)
        active = {kind: fn for kind, fn in by_kind.items() if fn is not None}
        if not active:
            return None

        def coerce(value: Any) -> Any:
            fn = active.get(type(value))
            return fn(value) if fn is not None else value

        return coerce
