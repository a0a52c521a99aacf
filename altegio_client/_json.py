"""Reply bodies from bytes: fast, and exactly as ``json.loads`` reads them.

msgspec decodes untyped JSON to the standard library's plain types (dict, list, str, int, float,
bool, None), integers of any size included, 1.5 to 2.5 times as fast as ``json.loads`` on a
transaction page. (orjson is about as fast, but rounds integers beyond 64 bits to floats without
a word; ruling those out would mean scanning every body for long digit runs.) Whatever msgspec
refuses that the standard library reads (NaN and Infinity, numbers beyond the float range, a byte
order mark, UTF-16 or UTF-32, lone surrogates) is read again by ``json.loads``, so what comes
back, and what is raised, is always the standard library's: ValueError for text that is not
JSON, RecursionError for JSON nested too deeply to read.

Building the objects of a large reply is also where the cyclic garbage collector costs most: it
runs every 700 new containers and now and then walks the whole heap, finding nothing to free in
a page that is still being built. ``gc_paused`` holds it off for that span.

A long list is best built item by item: ``split_list`` cuts the reply into the raw text of each
item (cheap: nothing is decoded), so each item's dict is read into a model while it is still in
the CPU cache, instead of decoding 10,000 dicts first and walking them all again afterwards.
"""

from __future__ import annotations

import gc
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import msgspec

__all__ = ["PAUSE_GC_FROM", "gc_paused", "loads", "split_list"]

_decode = msgspec.json.Decoder().decode
_raw_items = msgspec.json.Decoder(list[msgspec.Raw]).decode

# Bodies from this size on are decoded and built with the collector paused (a page of ~30
# transactions; below that a collection rarely falls inside the build and pausing gains nothing).
PAUSE_GC_FROM = 16 * 1024


def loads(content: bytes | bytearray | str) -> Any:
    """The JSON value of ``content``, exactly as ``json.loads`` reads it (same errors too)."""
    try:
        return _decode(content)
    except (msgspec.DecodeError, ValueError, RecursionError):
        pass  # not JSON to msgspec; the standard library is the judge
    return json.loads(content)


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector (if it is on) for the block; it is back on after it,
    exceptions included. Nothing is frozen or collected here: the objects built in the block are
    collected as usual afterwards. The collector is per process: other threads see the pause, for
    as long as one reply takes to build."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


class _Envelope(msgspec.Struct, forbid_unknown_fields=True):
    """The usual reply object around a list; any other key sends the reply the ordinary way."""

    data: list[msgspec.Raw]
    success: msgspec.Raw | msgspec.UnsetType = msgspec.UNSET
    meta: msgspec.Raw | msgspec.UnsetType = msgspec.UNSET


_envelope = msgspec.json.Decoder(_Envelope).decode


def split_list(
    content: bytes, build: Callable[[Any], Any], *, enveloped: bool, keep: bool = True
) -> tuple[Any, list[Any]] | None:
    """(the reply as ``loads`` reads it, ``build`` applied to each item of its list), or None.

    The list is the ``data`` of a ``{success, data, meta}`` reply (``enveloped``) or the reply
    itself. With ``keep=False`` the items' dicts are let go as soon as each is built (the
    reply is then returned without its list). None whenever this fast path does not apply
    cleanly: another shape, anything msgspec alone cannot read, an item ``build`` refuses; the
    caller then takes the ordinary path, which gives the precise result or error.
    """
    dicts: list[Any] = []
    built: list[Any] = []
    try:
        envelope = _envelope(content) if enveloped else None
        raws = envelope.data if envelope is not None else _raw_items(content)
        for raw in raws:  # one item at a time: its dict is still in cache when it is built
            item = _decode(raw)
            if keep:
                dicts.append(item)
            built.append(build(item))
        if envelope is None:
            return dicts, built
        body: dict[str, Any] = {}
        if envelope.success is not msgspec.UNSET:
            body["success"] = _decode(envelope.success)
        body["data"] = dicts
        if envelope.meta is not msgspec.UNSET:
            body["meta"] = _decode(envelope.meta)
    except Exception:  # any failure means: take the ordinary path
        return None
    return body, built
