"""Measure 2: the cost of turning a page of transactions into typed objects, per object.

Two views: from the reply bytes (what a call pays: JSON decoding included) and from an already
decoded dict (the model layer alone). Ours runs the very code a call runs: ``Operation.decode``
of ``search_for_product_transactions`` (decoder, numbers-as-strings step if the runtime still has
one, the generated envelope's ``from_dict``, the garbage collector paused as it pauses it), so a
change to the runtime or the model template shows up here without touching this file. The peer's
TypeAdapter is built once here, although the peer SDK builds a new one on every call; that cost
shows up in measure 1 instead.
"""

from __future__ import annotations

import gc
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx
import msgspec
from pydantic import TypeAdapter

from altegio_client._facade.inventory import _SEARCH_FOR_PRODUCT_TRANSACTIONS as OPERATION
from altegio_client._json import gc_paused
from bench import payloads
from bench.msgspec_models import TransactionsEnvelope
from bench.stats import Spread, ratios

PARSERS = ("ours", "peer", "msgspec")
LABELS = {
    "ours": "altegio_client (msgspec + generated attrs models)",
    "peer": "yclients 0.1.1 (pydantic v2)",
    "msgspec": "msgspec Struct (lower bound)",
}


@dataclass
class ParsingResult:
    sizes: list[int]
    # (parser, view, size) -> µs per object, one value per round
    micros: dict[tuple[str, str, int], list[float]] = field(default_factory=dict)

    def per_object(self, parser: str, view: str, size: int) -> Spread:
        return Spread.of(self.micros[(parser, view, size)])

    def vs(self, parser: str, other: str, view: str, size: int) -> Spread:
        return Spread.of(
            ratios(self.micros[(parser, view, size)], self.micros[(other, view, size)])
        )


def parsers() -> dict[tuple[str, str], Callable[[Any], Any]]:
    """(parser, view) -> function from bytes ("bytes") or from the decoded dict ("dict")."""
    from yclients.models.schemas import StoragesTransactionResponseDataTypesDataItem

    peer = TypeAdapter(list[StoragesTransactionResponseDataTypesDataItem])
    reply = httpx.Response(200)  # what the model step names in its errors; never read

    def ours_from_bytes(raw: bytes) -> Any:
        # exactly what a call runs on the reply it received
        return OPERATION.decode(httpx.Response(200, content=raw), 0)

    def ours_from_dict(body: Any) -> Any:
        # the model step of Operation.decode (numbers-as-strings, if any, then from_dict), under
        # the same collector pause decode() puts a page this size under
        with gc_paused():
            return OPERATION._data(reply, body)

    decoder = msgspec.json.Decoder(TransactionsEnvelope)
    return {
        ("ours", "bytes"): ours_from_bytes,
        ("peer", "bytes"): lambda raw: peer.validate_python(json.loads(raw)["data"]),
        ("msgspec", "bytes"): lambda raw: decoder.decode(raw).data,
        ("ours", "dict"): ours_from_dict,
        ("peer", "dict"): lambda body: peer.validate_python(body["data"]),
        ("msgspec", "dict"): lambda body: msgspec.convert(body, TransactionsEnvelope).data,
    }


def check_same(parsed: dict[str, list[Any]]) -> None:
    """Every parser must read the same page the same way, or the comparison means nothing."""
    ids = {
        name: [int(getattr(item, "id", None) or item.id_) for item in items]
        for name, items in parsed.items()
    }
    first = next(iter(ids.values()))
    for name, got in ids.items():
        if got != first:
            raise AssertionError(f"{name} parsed different items")


def measure(quick: bool, log: Callable[[str], None]) -> ParsingResult:
    sizes = [1_000, 10_000]
    rounds = 3 if quick else 7
    result = ParsingResult(sizes)
    table = parsers()
    for size in sizes:
        raw = payloads.encode(payloads.transactions_page(size))
        body = json.loads(raw)
        inputs = {"bytes": raw, "dict": body}
        check_same({name: table[(name, "bytes")](raw) for name in PARSERS})
        repeat = max(1, (2 if quick else 5) * 1_000 // size)
        for _ in range(rounds):
            for (name, view), parse in table.items():
                gc.collect()
                started = time.perf_counter()
                page: Any = None
                for _ in range(repeat):
                    page = parse(inputs[view])  # held like a caller holds it, until the next
                # A collection the pause only put off happens at the next allocation, with the
                # page still held: it is counted too. Then the last page is let go.
                trigger = [page]
                del trigger, page
                elapsed = time.perf_counter() - started
                micros = elapsed / (repeat * size) * 1e6
                result.micros.setdefault((name, view, size), []).append(micros)
        log(f"parsing {size} items done")
    return result
