"""Turn a spec operation into a call on the public client, with arguments from the spec."""

from __future__ import annotations

import datetime
import enum
import functools
import importlib
import inspect
import pkgutil
import re
import types
import typing
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import altegio_client._facade as facade_package
from altegio_client import Altegio
from altegio_client._operation import Operation

from ._spec import SpecOperation, example_from_schema, media_example

__all__ = ["PreparedCall", "prepare_call"]


@dataclass(frozen=True)
class PreparedCall:
    """Where the call goes and what it is given."""

    tag: str
    operation: Operation
    bound_id: int | None  # the location or chain id the operation's scope binds
    arguments: dict[str, Any]
    body: Any

    def method(self, api: Altegio) -> Callable[..., Awaitable[Any]]:
        """``api.location(id).<tag>.<op>``, ``api.chain(id).<tag>.<op>`` or ``api.<tag>.<op>``,
        as a user would write it."""
        scope: Any = api
        if self.operation.scope == "location":
            assert self.bound_id is not None
            scope = api.location(self.bound_id)
        elif self.operation.scope == "chain":
            assert self.bound_id is not None
            scope = api.chain(self.bound_id)
        bound: Callable[..., Awaitable[Any]] = getattr(
            getattr(scope, self.tag), self.operation.name
        )
        return bound


@functools.cache
def _facade_operations() -> dict[str, tuple[str, Operation]]:
    """operationId -> (tag attribute, Operation) for every operation the facade declares."""
    found: dict[str, tuple[str, Operation]] = {}
    for info in pkgutil.iter_modules(facade_package.__path__):
        module = importlib.import_module(f"{facade_package.__name__}.{info.name}")
        for value in vars(module).values():
            if isinstance(value, Operation):
                found[value.name] = (info.name, value)
    return found


def _normalise(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.lower())


def _coerce(annotation: Any, value: Any) -> Any:
    """Give a JSON example value the Python type the generated signature asks for."""
    options = (
        typing.get_args(annotation)
        if typing.get_origin(annotation) in (typing.Union, types.UnionType)
        else (annotation,)
    )
    for option in options:
        origin = typing.get_origin(option)
        if origin is list and isinstance(value, list):
            (item,) = typing.get_args(option)
            return [_coerce(item, v) for v in value]
        if not isinstance(option, type):
            continue
        if issubclass(option, enum.Enum):
            return option(value)
        if option is datetime.datetime and isinstance(value, str):
            return datetime.datetime.fromisoformat(value)
        if option is datetime.date and isinstance(value, str):
            return datetime.date.fromisoformat(value)
        if option is int and isinstance(value, float) and value.is_integer():
            return int(value)
    return value


def _parameter_value(schema: dict[str, Any], example: Any, has_example: bool) -> Any:
    return example if has_example else example_from_schema(schema)


def _request_body(spec_op: SpecOperation) -> Any:
    """The documented request example, or the smallest body the schema allows."""
    assert spec_op.request_body is not None
    content = spec_op.request_body.get("content") or {}
    form = content.get("multipart/form-data")
    if form is not None:  # a form: text fields as documented, a file part as bytes
        value = example_from_schema(form.get("schema", {}))
        return {k: v.encode() if isinstance(v, str) else v for k, v in value.items()}
    media = content.get("application/json")
    assert media is not None, f"{spec_op.operation_id}: request body is neither JSON nor a form"
    found, example = media_example(media)
    return example if found else example_from_schema(media.get("schema", {}))


def prepare_call(spec_op: SpecOperation) -> PreparedCall:
    """Arguments for ``spec_op`` built from the spec: every path and required query parameter,
    every optional one that documents an example, and the request body."""
    facade = _facade_operations()
    assert spec_op.operation_id in facade, (
        f"operation {spec_op.operation_id!r} is in the spec but not in the facade"
    )
    tag, operation = facade[spec_op.operation_id]
    generated = importlib.import_module(operation.module)
    build = generated._get_kwargs
    hints = typing.get_type_hints(build)
    python_names = {_normalise(name): name for name in inspect.signature(build).parameters}

    bound_id: int | None = None
    bound = f"{operation.scope}_id" if operation.scope else None
    arguments: dict[str, Any] = {}
    for param in spec_op.parameters:
        if param.location not in ("path", "query"):
            continue
        if param.location == "query" and not (param.required or param.has_example):
            continue
        value = _parameter_value(param.schema, param.example, param.has_example)
        if param.location == "path" and param.name == bound:
            bound_id = int(value)
            continue
        key = _normalise(param.name)
        python_name = python_names.get(key) or python_names.get(key + param.location)
        assert python_name is not None, (
            f"{spec_op.operation_id}: no argument of the generated call matches "
            f"{param.location} parameter {param.name!r} (have {sorted(python_names.values())})"
        )
        arguments[python_name] = _coerce(hints.get(python_name, Any), value)

    body: Any = None
    if spec_op.request_body is not None:
        body = _request_body(spec_op)
        if spec_op.request_body.get("required") or body:
            arguments["body"] = body
    if bound is not None:
        assert bound_id is not None, f"{spec_op.operation_id}: scoped without {{{bound}}}"
    return PreparedCall(tag, operation, bound_id, arguments, body)
