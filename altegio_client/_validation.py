"""Check call arguments against the generated signatures before anything is sent.

The generated functions trust their input: a string where an id belongs would go out as-is and
come back as a vendor 422 (or worse, act on the wrong object). Here each argument is checked
against the annotation openapi-python-client wrote, and a plain-mapping body is turned into the
generated model, with the field at fault named in an InvalidRequestError.
"""

from __future__ import annotations

import datetime
import functools
import types
import typing
from collections.abc import Mapping
from typing import Any

import attrs

from ._errors import InvalidRequestError
from ._generated.types import UNSET, Unset

__all__ = ["check_value", "to_body"]

_NoneType = type(None)


def _accepts(annotation: Any, value: Any) -> bool:
    """Whether ``value`` fits ``annotation`` (as far as a JSON request can tell)."""
    if annotation is Any:
        return True
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        return any(_accepts(arg, value) for arg in typing.get_args(annotation))
    if annotation is _NoneType or annotation is None:
        return value is None
    if annotation is Unset:
        return isinstance(value, Unset)
    if annotation is float:
        return isinstance(value, int | float) and not isinstance(value, bool)
    if annotation is int:
        return isinstance(value, int) and not isinstance(value, bool)
    if annotation in (str, bool):
        return isinstance(value, annotation)
    if annotation is datetime.datetime or annotation is datetime.date:
        return isinstance(value, annotation)
    if origin is list:
        (item,) = typing.get_args(annotation) or (Any,)
        return isinstance(value, list | tuple) and all(_accepts(item, v) for v in value)
    if origin is dict or annotation is dict:
        return isinstance(value, Mapping)
    if isinstance(annotation, type):
        if attrs.has(annotation):
            return isinstance(value, annotation | Mapping)
        return isinstance(value, annotation)
    return True  # an annotation we do not model: let the generated code decide


def _describe(annotation: Any) -> str:
    if isinstance(annotation, type):
        return annotation.__name__
    text = str(annotation).replace("altegio_client._generated.models.", "")
    return text.replace("altegio_client._generated.types.", "").replace("typing.", "")


def check_value(operation: str, name: str, annotation: Any, value: Any) -> None:
    """Raise InvalidRequestError when ``value`` cannot be sent as parameter ``name``."""
    if not _accepts(annotation, value):
        raise InvalidRequestError(
            f"{operation}(): {name} must be {_describe(annotation)}, got {type(value).__name__}"
        )


@functools.cache
def _field_types(model: type) -> dict[str, Any]:
    return typing.get_type_hints(model, vars(__import__(model.__module__, fromlist=["_"])))


def _check_model(operation: str, prefix: str, model: type, instance: Any) -> None:
    """Walk a model built from a mapping and check every field's type."""
    hints = _field_types(model)
    for field in attrs.fields(model):
        if field.name == "additional_properties":
            continue
        value = getattr(instance, field.name)
        if value is UNSET:
            continue
        annotation = hints.get(field.name, Any)
        where = f"{prefix}{field.name}"
        check_value(operation, where, annotation, value)
        for candidate in _models_in(annotation):
            if isinstance(value, candidate):
                _check_model(operation, f"{where}.", candidate, value)
            elif isinstance(value, list):
                for index, item in enumerate(value):
                    if isinstance(item, candidate):
                        _check_model(operation, f"{where}[{index}].", candidate, item)


def _models_in(annotation: Any) -> list[type]:
    found: list[type] = []
    for arg in (annotation, *typing.get_args(annotation)):
        if isinstance(arg, type) and attrs.has(arg):
            found.append(arg)
        elif typing.get_origin(arg) is list:
            found.extend(_models_in(typing.get_args(arg)[0]))
    return found


def to_body(operation: str, model: type, body: Any) -> Any:
    """Accept the generated model or a plain mapping; return a checked model instance."""
    if isinstance(body, model):
        return body
    if not isinstance(body, Mapping):
        raise InvalidRequestError(
            f"{operation}(): body must be {model.__name__} or a mapping, got {type(body).__name__}"
        )
    try:
        instance = model.from_dict(dict(body))  # type: ignore[attr-defined]
    except KeyError as exc:
        raise InvalidRequestError(
            f"{operation}(): body is missing the required field {exc.args[0]!r}"
        ) from None
    except (TypeError, ValueError, AttributeError) as exc:
        raise InvalidRequestError(
            f"{operation}(): body does not fit {model.__name__}: {exc}"
        ) from None
    _check_model(operation, "body.", model, instance)
    return instance
