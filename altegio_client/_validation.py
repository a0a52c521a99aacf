"""Check call arguments against the generated signatures before anything is sent.

The generated functions trust their input: a string where an id belongs would go out as-is and
come back as a vendor 422 (or worse, act on the wrong object). Here each argument is checked
against the annotation openapi-python-client wrote, and a plain-mapping body is turned into the
generated model, with the field at fault named in an InvalidRequestError.
"""

from __future__ import annotations

import datetime
import enum
import functools
import inspect
import re
import types
import typing
from collections.abc import Mapping
from typing import Any

import attrs

from ._errors import InvalidRequestError
from ._generated import models as _models
from ._generated.types import File, Unset, is_set, to_json
from ._logging import SECRET_KEYS

__all__ = ["check_value", "date_text", "json_names", "to_body"]

_NoneType = type(None)


_MISMATCH = object()


def _fit_temporal(annotation: Any, value: Any) -> Any:
    """date/datetime fields take the object or ISO 8601 text; text is sent exactly as written."""
    if isinstance(value, annotation):
        return value
    if not isinstance(value, str):
        return _MISMATCH
    from ._generated import types as generated_types

    parse = (
        generated_types.parse_datetime
        if annotation is datetime.datetime
        else generated_types.parse_date
    )
    try:
        return parse(value)
    except ValueError:
        return _MISMATCH


def date_text(operation: str, name: str, pattern: str, value: Any) -> Any:
    """A parameter the vendor reads in its own date form (``pattern``, strftime): a date or
    datetime is formatted with it, text is sent as written; anything else is refused."""
    if isinstance(value, datetime.date):
        return value.strftime(pattern)
    if isinstance(value, str):
        return value
    raise InvalidRequestError(
        f"{operation}(): {name} must be date or str (a date is sent as {pattern}), "
        f"got {value!r:.60}"
    )


def _fit(annotation: Any, value: Any) -> Any:
    """``value`` converted to fit ``annotation`` (enum values from plain str/int), or _MISMATCH."""
    if annotation is Any:
        return value
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        for arg in typing.get_args(annotation):
            fitted = _fit(arg, value)
            if fitted is not _MISMATCH:
                return fitted
        return _MISMATCH
    if annotation is _NoneType or annotation is None:
        return value if value is None else _MISMATCH
    if annotation is Unset:
        return value if isinstance(value, Unset) else _MISMATCH
    if annotation is datetime.datetime or annotation is datetime.date:
        return _fit_temporal(annotation, value)
    if annotation is float:
        ok = isinstance(value, int | float) and not isinstance(value, bool)
        return value if ok else _MISMATCH
    if annotation is int:
        return value if isinstance(value, int) and not isinstance(value, bool) else _MISMATCH
    if origin is list:
        (item,) = typing.get_args(annotation) or (Any,)
        if not isinstance(value, list | tuple):
            return _MISMATCH
        items = [_fit(item, v) for v in value]
        return _MISMATCH if any(i is _MISMATCH for i in items) else items
    if origin is dict or annotation is dict:
        return value if isinstance(value, Mapping) else _MISMATCH
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        try:
            return annotation(value)
        except ValueError:
            return _MISMATCH
    if annotation is File:  # a multipart file: the File itself, its bytes or a file object
        readable = callable(getattr(value, "read", None))
        return value if isinstance(value, File | bytes) or readable else _MISMATCH
    if annotation is typing.BinaryIO or annotation is typing.IO:
        return value if callable(getattr(value, "read", None)) else _MISMATCH  # a file object
    if isinstance(annotation, type):
        if attrs.has(annotation):
            return value if isinstance(value, annotation | Mapping) else _MISMATCH
        return value if isinstance(value, annotation) else _MISMATCH
    return value  # an annotation we do not model: let the generated code decide


def _describe(annotation: Any) -> str:
    if isinstance(annotation, type):
        return annotation.__name__
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        # Unset is how the generated code marks "not given"; callers never pass it
        kept = [a for a in typing.get_args(annotation) if a is not Unset]
        if len(kept) == 1 and kept[0] in (datetime.date, datetime.datetime):
            return f"{kept[0].__name__} or ISO 8601 str"
        if len(kept) == 1:
            return _describe(kept[0])
    text = str(annotation).replace("altegio_client._generated.models.", "")
    return text.replace("altegio_client._generated.types.", "").replace("typing.", "")


def check_value(operation: str, name: str, annotation: Any, value: Any) -> Any:
    """``value`` ready to send as parameter ``name``; InvalidRequestError if it cannot be."""
    fitted = _fit(annotation, value)
    if fitted is _MISMATCH:
        # a password or token of the wrong type must not end up in the message (or a traceback)
        field = name.rsplit(".", 1)[-1].split("[", 1)[0].lower()
        shown = type(value).__name__ if field in SECRET_KEYS else f"{value!r:.60}"
        raise InvalidRequestError(
            f"{operation}(): {name} must be {_describe(annotation)}, got {shown}"
        )
    return fitted


class _ModelNames(dict[str, Any]):
    """Names a model's annotations use but its module imports only under TYPE_CHECKING
    (the nested models), looked up in the lazy models package when first needed."""

    def __missing__(self, name: str) -> Any:
        try:
            return getattr(_models, name)
        except AttributeError:
            raise KeyError(name) from None


@functools.cache
def _field_types(model: type) -> dict[str, Any]:
    module_names = vars(__import__(model.__module__, fromlist=["_"]))
    return typing.get_type_hints(model, module_names, _ModelNames())


_ASSIGN = re.compile(r'params\["([^"]+)"\] = (\w+)')


def json_names(function: Any) -> dict[str, str]:
    """Python name -> JSON key of a query parameter, read from a generated ``_get_kwargs``
    (models list theirs in ``_json_fields``).

    openapi-python-client renames keys that are not valid Python (``zip`` -> ``zip_``,
    ``startDate`` -> ``start_date``); messages must name what the caller wrote in JSON terms.
    """
    try:
        source = inspect.getsource(function)
    except (OSError, TypeError):
        return {}
    names: dict[str, str] = {}
    for key, variable in _ASSIGN.findall(source):
        names.setdefault(variable.removeprefix("json_"), key)
    return names


@functools.cache
def _model_json_names(model: type) -> dict[str, str]:
    return dict(getattr(model, "_json_fields", ()))


def _check_model(operation: str, prefix: str, model: type, instance: Any) -> None:
    """Walk a model built from a mapping and check every field's type."""
    hints = _field_types(model)
    for field in attrs.fields(model):
        if field.name == "additional_properties":
            continue
        if not is_set(instance, field.name):
            continue  # never given: it is not sent
        value = getattr(instance, field.name)
        annotation = hints.get(field.name, Any)
        where = f"{prefix}{_model_json_names(model).get(field.name, field.name)}"
        check_value(operation, where, annotation, value)
        for candidate in _models_in(annotation):
            if isinstance(value, candidate):
                _check_model(operation, f"{where}.", candidate, value)
            elif isinstance(value, list):
                for index, item in enumerate(value):
                    if isinstance(item, candidate):
                        _check_model(operation, f"{where}[{index}].", candidate, item)


def _check_mapping(operation: str, prefix: str, model: type, body: Mapping[str, Any]) -> None:
    """Walk a mapping body along the model's fields (by JSON key) and check every value."""
    hints = _field_types(model)
    for name, key in _model_json_names(model).items():
        if key not in body:
            continue
        value = body[key]
        annotation = hints.get(name, Any)
        where = f"{prefix}{key}"
        check_value(operation, where, annotation, value)
        candidates = _models_in(annotation)
        for index, item in enumerate(value) if isinstance(value, list | tuple) else [(None, value)]:
            at = where if index is None else f"{where}[{index}]"
            if isinstance(item, Mapping) and len(candidates) == 1:
                _check_mapping(operation, f"{at}.", candidates[0], item)
            for candidate in candidates:
                if isinstance(item, candidate):
                    _check_model(operation, f"{at}.", candidate, item)


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
        _check_model(operation, "body.", model, body)
        return body
    if not isinstance(body, Mapping):
        raise InvalidRequestError(
            f"{operation}(): body must be {model.__name__} or a mapping, got {type(body).__name__}"
        )
    # Checked as written, before the model reads it: from_dict would quietly turn "12" into 12
    # where the spec says a number (right for replies, wrong for what a caller sends).
    _check_mapping(operation, "body.", model, body)
    try:
        instance = model.from_dict(to_json(body))  # type: ignore[attr-defined]
    except KeyError as exc:
        raise InvalidRequestError(
            f"{operation}(): body is missing the required field {exc.args[0]!r}"
        ) from None
    except (TypeError, ValueError, AttributeError) as exc:
        raise InvalidRequestError(
            f"{operation}(): body does not fit {model.__name__}: {exc}"
        ) from None
    if hasattr(instance, "to_multipart"):
        return instance
    # The model proved the mapping fits; what goes on the wire is the mapping as the caller wrote
    # it (dates as written, unknown fields kept), not the model's re-serialisation of it.
    return _AsWritten(body)


class _AsWritten:
    """A checked mapping body that serialises to itself."""

    __slots__ = ("_body",)

    def __init__(self, body: Mapping[str, Any]) -> None:
        self._body = body

    def to_dict(self) -> dict[str, Any]:
        result: dict[str, Any] = to_json(self._body)
        return result
