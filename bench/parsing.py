"""Measure 2: the cost of turning a page of transactions into typed objects, per object.

Two views: from the reply bytes (what a call pays: JSON decoding included) and from an already
decoded dict (the model layer alone). The peer's TypeAdapter is built once here, although the
peer SDK builds a new one on every call; that cost shows up in measure 1 instead.
"""

from __future__ import annotations

import gc
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import msgspec
from altegio_client._coerce import reply_coercer
from pydantic import TypeAdapter

from altegio_client._generated.models.transaction_search_reply import TransactionSearchReply
from bench import payloads
from bench.msgspec_models import TransactionsEnvelope
from bench.stats import Spread, ratios

PARSERS = ("ours", "peer", "msgspec")
LABELS = {
    "ours": "altegio_client (attrs from_dict)",
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
    model = TransactionSearchReply.from_dict
    coerce = reply_coercer("/storages/transactions/{location_id}", "GET")
    assert coerce is not None

    def ours(body: Any) -> Any:
        # what a call pays: numbers-as-strings normalization, then the generated models
        return model(coerce(body))

    decoder = msgspec.json.Decoder(TransactionsEnvelope)
    return {
        ("ours", "bytes"): lambda raw: ours(json.loads(raw)).data,
        ("peer", "bytes"): lambda raw: peer.validate_python(json.loads(raw)["data"]),
        ("msgspec", "bytes"): lambda raw: decoder.decode(raw).data,
        ("ours", "dict"): lambda body: ours(body).data,
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
                for _ in range(repeat):
                    parse(inputs[view])
                elapsed = time.perf_counter() - started
                micros = elapsed / (repeat * size) * 1e6
                result.micros.setdefault((name, view, size), []).append(micros)
        log(f"parsing {size} items done")
    return result
