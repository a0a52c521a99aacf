"""One API operation: how to build its request and how to read its reply.

The facade (altegio_client/_facade, generated) declares an ``Operation`` per endpoint. Its
generated module is imported on first use only, so importing the SDK stays cheap however many
operations the spec has. Requests are built by the generated ``_get_kwargs``; replies are read
here, because the generated ``_parse_response`` raises bare KeyError/TypeError on anything
unexpected and knows nothing of the envelope's ``success: false``.
"""

from __future__ import annotations

import importlib
import inspect
import types
import typing
import warnings
from dataclasses import dataclass, field
from functools import cached_property
from types import ModuleType
from typing import Any, Literal

import httpx

from ._errors import (
    APIStatusError,
    InvalidRequestError,
    RateLimitError,
    ResponseValidationError,
    status_error_class,
)
from ._generated.types import UNSET, NotANumber
from ._json import PAUSE_GC_FROM, gc_paused, loads, split_list
from ._response import APIResponse, request_id_of
from ._shape import ReplyShape, json_kind, reply_shape
from ._validation import check_value, date_text, json_names, to_body

__all__ = ["Operation"]


@dataclass(frozen=True, eq=False)
class Operation:
    """Static facts about one endpoint, written by tools/gen_facade.py."""

    module: str
    method: str
    path: str
    envelope: str | None
    user_token: Literal["required", "optional", "never"]  # from the operation's security
    scope: Literal["location", "chain"] | None  # the id a scope object fills in
    paginated: bool
    deprecated: bool = False
    # "envelope": the 2xx body is {success, data, meta} and ``data`` is returned; "model" and
    # "list": the spec declares the entity (or a list of them) as the whole body.
    reply: Literal["envelope", "model", "list"] = "envelope"
    # argument -> strftime pattern, where the vendor reads a date in its own form (the overlay's
    # x-date-format): a date/datetime is formatted with it, text is sent as written
    date_formats: dict[str, str] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return self.module.rsplit(".", 1)[-1]

    @cached_property
    def _generated(self) -> ModuleType:
        return importlib.import_module(self.module)

    @cached_property
    def _parameters(self) -> dict[str, tuple[Any, bool]]:
        """name -> (annotation, required) from the generated ``_get_kwargs``."""
        build = self._generated._get_kwargs
        hints = typing.get_type_hints(build)
        return {
            name: (hints.get(name, Any), param.default is inspect.Parameter.empty)
            for name, param in inspect.signature(build).parameters.items()
        }

    @cached_property
    def _json_names(self) -> dict[str, str]:
        """Python parameter name -> the name the API (and the vendor's docs) use."""
        return json_names(self._generated._get_kwargs)

    @cached_property
    def _envelope_class(self) -> Any:
        return getattr(self._generated, self.envelope) if self.envelope else None

    def build(self, bound_id: int | None, args: dict[str, Any]) -> dict[str, Any]:
        """Checked arguments -> the generated request kwargs (method, url, params, json).

        ``bound_id`` is the location or chain id of the scope the call was made on.
        """
        if self.deprecated:
            warnings.warn(
                f"{self.name} is deprecated by the vendor", DeprecationWarning, stacklevel=5
            )
        params = dict(args)
        if self.scope is not None:
            params[f"{self.scope}_id"] = bound_id
        for name, (annotation, required) in self._parameters.items():
            if name not in params:
                if required:
                    raise TypeError(f"{self.name}() missing required argument {name!r}")
                continue
            value = params[name]
            if not required and (value is None or value is UNSET):
                del params[name]  # an optional argument left at None is not sent
                continue
            if name == "body" and value is not UNSET:
                model, many = _body_model(annotation)
                if model is not None and many and isinstance(value, list | tuple):
                    params[name] = [to_body(self.name, model, item) for item in value]
                    continue
                if model is not None and not many:
                    params[name] = to_body(self.name, model, value)
                    continue
            shown = self._json_names.get(name, name)
            if name in self.date_formats:
                value = date_text(self.name, shown, self.date_formats[name], value)
            params[name] = check_value(self.name, shown, annotation, value)
        try:
            kwargs: dict[str, Any] = self._generated._get_kwargs(**params)
        except (TypeError, ValueError, AttributeError) as exc:
            raise InvalidRequestError(f"{self.name}(): cannot build the request: {exc}") from None
        return kwargs

    @cached_property
    def _shape(self) -> ReplyShape:
        return reply_shape(self.path, self.method)

    def decode(self, response: httpx.Response, retries: int, *, raw: bool = False) -> Any:
        """Reply -> ``data`` (or the whole APIResponse when ``raw``), or the typed error for it.

        A large body is decoded and built into models with the garbage collector paused (see
        ``_json``): on a 10,000-item page that takes about a third off the time.
        """
        if len(response.content) < PAUSE_GC_FROM:
            return self._decode(response, retries, raw)
        with gc_paused():
            return self._decode(response, retries, raw)

    def _decode(self, response: httpx.Response, retries: int, raw: bool) -> Any:
        status = response.status_code
        listed = self._read_list(response, keep=raw) if status < 300 else None
        if listed is not None:
            body, data = listed
        else:
            body, problem = _read_body(response.content)
            if status >= 400 or (isinstance(body, dict) and body.get("success") is False):
                raise _status_error(response, body, request_id_of(response))
            if problem is not None:
                raise ResponseValidationError(
                    f"{self.name}: HTTP {status} reply {problem}",
                    response=response,
                    body=body,
                    request_id=request_id_of(response),
                )
            data = None
            if self._envelope_class is not None:
                data = self._data(response, body)
        if not raw:
            return data
        return APIResponse(
            data=data,
            status_code=status,
            headers=response.headers,
            request_id=request_id_of(response),
            envelope=body,
            retries=retries,
            http_response=response,
        )

    def _read_list(self, response: httpx.Response, *, keep: bool) -> tuple[Any, list[Any]] | None:
        """(body, data) for a large reply whose data is a list of models, built item by item
        from the bytes; None when that does not apply or anything is off (the ordinary path
        then gives the exact result or error). The body keeps the items' JSON only if ``keep``
        (a raw response shows it; a plain call returns the models alone)."""
        model = self._envelope_class
        if model is None or len(response.content) < PAUSE_GC_FROM:
            return None
        if self.reply == "list":
            return split_list(response.content, model.from_dict, enveloped=False, keep=keep)
        build = model._list_items.get("data") if self.reply == "envelope" else None
        if build is None:
            return None
        split = split_list(response.content, build, enveloped=True, keep=keep)
        if split is None or not isinstance(split[0], dict) or split[0].get("success") is False:
            return None
        try:  # the rest of the envelope must fit its model as on the ordinary path
            model.from_dict({**split[0], "data": []})
        except Exception:
            return None
        return split

    def _data(self, response: httpx.Response, body: Any) -> Any:
        """The envelope's ``data`` as the generated model; anything else is a typed error."""
        status = response.status_code
        shape = self._shape
        detail: str | None = None
        if body is None:
            if status in shape.bodiless or status == 204:
                return None  # documented, or No Content by definition: this reply has no body
            detail = "empty body where the {success, data, meta} envelope belongs"
        elif self.reply == "list" and not isinstance(body, list):
            detail = f"reply: expected array, got {json_kind(body)}"
        elif self.reply == "list":
            return self._parse(response, body, many=True)
        elif not isinstance(body, dict):
            detail = f"reply: expected object, got {json_kind(body)}"
        elif self.reply == "model":
            return self._parse(response, body, many=False)
        elif "data" not in body and shape.data_optional:
            return None
        elif "data" not in body:
            detail = "data: missing"
        elif body["data"] is None and not shape.data_nullable:
            detail = shape.mismatch(body) or "data: null where the spec does not allow it"
        if detail is None:
            try:
                # the models also turn numbers sent as strings into numbers, where the spec says so
                envelope = self._envelope_class.from_dict(body)
            except Exception as exc:  # the generated parsers raise whatever the body provokes
                where = shape.mismatch(body)
                detail = where or f"{type(exc).__name__}: {exc}"
                if isinstance(exc, NotANumber) and where:
                    detail = f"{where} ({exc})"
            else:
                return getattr(envelope, "data", None)
        raise ResponseValidationError(
            f"{self.name}: HTTP {status} reply does not fit {self.envelope}: {detail}",
            response=response,
            body=body,
            request_id=request_id_of(response),
        )

    def _parse(self, response: httpx.Response, body: Any, *, many: bool) -> Any:
        """A bare entity (or list of them) as the generated model; a misfit is a typed error."""
        try:
            model = self._envelope_class
            return [model.from_dict(item) for item in body] if many else model.from_dict(body)
        except Exception as exc:  # the generated parsers raise whatever the body provokes
            raise ResponseValidationError(
                f"{self.name}: HTTP {response.status_code} reply does not fit "
                f"{self.envelope}: {type(exc).__name__}: {exc}",
                response=response,
                body=body,
                request_id=request_id_of(response),
            ) from None


def _body_model(annotation: Any) -> tuple[type | None, bool]:
    """(model class, whether the body is a list of it) from a generated body annotation."""
    union = typing.get_origin(annotation) in (typing.Union, types.UnionType)
    for option in typing.get_args(annotation) if union else (annotation,):
        if typing.get_origin(option) is list:
            (item,) = typing.get_args(option)
            if isinstance(item, type) and hasattr(item, "from_dict"):
                return item, True
        elif isinstance(option, type) and hasattr(option, "from_dict"):
            return option, False
    return None, False


def _read_body(content: bytes) -> tuple[Any, str | None]:
    """(parsed JSON, or text; what is wrong with it, or None); an empty body is None."""
    if not content or (content[:1].isspace() and not content.strip()):
        return None, None  # (strip copies the body: only when it starts with whitespace)
    try:
        return loads(content), None
    except ValueError:
        return content.decode("utf-8", "replace"), "is not JSON"
    except RecursionError:  # e.g. 100,000 "[": valid-looking JSON nested past any use
        return content[:2000].decode("utf-8", "replace"), "is JSON nested too deeply to read"


def _status_error(response: httpx.Response, body: Any, request_id: str | None) -> APIStatusError:
    meta = body.get("meta") if isinstance(body, dict) else None
    message = meta.get("message") if isinstance(meta, dict) else None
    errors = meta.get("errors") if isinstance(meta, dict) else None
    if errors is None and isinstance(body, dict):
        errors = body.get("errors")  # the legacy shape: {"errors": {"code", "message"}}
    if not message and isinstance(body, dict) and isinstance(body.get("errors"), dict):
        message = body["errors"].get("message")
    if not message:
        message = response.reason_phrase or "request failed"
        if response.status_code < 400:
            message = "the API answered success: false"
    cls = status_error_class(response.status_code)
    if cls is RateLimitError:
        value = response.headers.get("retry-after")
        try:
            retry_after = float(value) if value else None
        except ValueError:
            retry_after = None
        return RateLimitError(
            str(message),
            retry_after=retry_after,
            response=response,
            body=body,
            errors=errors,
            request_id=request_id,
        )
    return cls(str(message), response=response, body=body, errors=errors, request_id=request_id)
