"""Reply decoding (altegio_client/_json.py): msgspec's speed, the standard library's answers.

What msgspec refuses but ``json.loads`` reads must still decode; what neither reads keeps the
reply's "is not JSON" / "nested too deeply" errors; and a large reply, decoded with the garbage
collector paused, leaves the collector as it found it, whatever happens.
"""

from __future__ import annotations

import gc
import json
import math
import random
import sys
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from altegio_client import ResponseValidationError
from altegio_client import _operation as operation_module
from altegio_client._json import PAUSE_GC_FROM, gc_paused, loads, split_list
from altegio_client._operation import _read_body
from altegio_client.models import TransactionSearchItem
from altegio_client.webhooks import WebhookPayloadError, parse_event

from .helpers import LOCATION, make_client
from .test_numbers_as_strings import LEGACY_SEARCH_ITEM

BEYOND_64_BITS = [
    b"18446744073709551616",  # 2**64
    b"-9223372036854775809",  # -2**63 - 1
    b"123456789012345678901234567890",
    b'{"id": 100000000000000000000000000001}',
]


@pytest.mark.parametrize("text", BEYOND_64_BITS)
def test_integers_beyond_64_bits_are_exact(text: bytes) -> None:
    got = loads(text)
    assert got == json.loads(text)
    assert repr(got) == repr(json.loads(text))  # an int, not a float that rounds it


@pytest.mark.parametrize(
    "text",
    [
        b"[NaN, Infinity, -Infinity]",
        b"[1e400, -1e400]",  # beyond the float range: inf, as the standard library reads it
        b'"\\ud800"',  # a lone surrogate, escaped
        b'"\xed\xa0\x80"',  # and as bytes (the standard library reads them with surrogatepass)
        b'\xef\xbb\xbf{"a": 1}',  # a UTF-8 byte order mark
        '{"a": "é"}'.encode("utf-16"),
        '{"a": "é"}'.encode("utf-32-le"),
    ],
)
def test_what_the_standard_library_reads_still_decodes(text: bytes) -> None:
    expected = json.loads(text)
    got = loads(text)
    if isinstance(expected, list) and any(isinstance(v, float) and math.isnan(v) for v in expected):
        assert repr(got) == repr(expected)  # NaN != NaN
    else:
        assert got == expected
        assert repr(got) == repr(expected)


@pytest.mark.parametrize(
    "text", [b"not json", b"[1] x", b"{'a': 1}", b'{"a":1,}', b"\x00", b'{"a": "\xff"}']
)
def test_what_neither_reads_raises_value_error(text: bytes) -> None:
    with pytest.raises(ValueError):  # noqa: PT011 - the same class json.loads raises is the point
        json.loads(text)
    with pytest.raises(ValueError):  # noqa: PT011
        loads(text)


def test_deep_nesting_is_a_recursion_error() -> None:
    # at Python's default limit: another test's import may have raised it for the process
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(1000)
    try:
        _too_deep_for_either()
    finally:
        sys.setrecursionlimit(limit)


def _too_deep_for_either() -> None:
    with pytest.raises(RecursionError):
        loads(b"[" * 100_000)
    closed = b"[" * 5_000 + b"]" * 5_000  # valid JSON, still too deep for either
    with pytest.raises(RecursionError):
        loads(closed)


def test_nesting_within_reach_decodes() -> None:
    text = b"[" * 200 + b"1" + b"]" * 200
    assert loads(text) == json.loads(text)


@pytest.mark.parametrize(
    ("content", "body", "problem"),
    [
        (b"", None, None),
        (b" \r\n\t ", None, None),
        (b' {"a": 1} ', {"a": 1}, None),
        (b"<html>maintenance</html>", "<html>maintenance</html>", "is not JSON"),
        (b"[" * 100_000, "[" * 2000, "is JSON nested too deeply to read"),
    ],
)
def test_read_body(content: bytes, body: Any, problem: str | None) -> None:
    assert _read_body(content) == (body, problem)


def _value(rng: random.Random, depth: int = 0) -> Any:
    roll = rng.random()
    if depth < 4 and roll < 0.2:
        keys = ["", "id", "é", 'q"uote', "back\\slash", "\u2603", "tab\t"]
        return {rng.choice(keys) + str(i): _value(rng, depth + 1) for i in range(rng.randint(0, 4))}
    if depth < 4 and roll < 0.35:
        return [_value(rng, depth + 1) for _ in range(rng.randint(0, 4))]
    if roll < 0.5:
        return rng.randint(-(2**70), 2**70) if rng.random() < 0.3 else rng.randint(-1000, 10**12)
    if roll < 0.7:
        return rng.uniform(-1.0, 1.0) * 10.0 ** rng.randint(-300, 300)
    if roll < 0.8:
        return rng.choice([True, False, None])
    return "".join(chr(rng.randint(1, 0x2FFF)) for _ in range(rng.randint(0, 8)))


def test_agrees_with_the_standard_library_on_varied_documents() -> None:
    rng = random.Random(20261128)
    for _ in range(3000):
        text = json.dumps(_value(rng), ensure_ascii=rng.random() < 0.5).encode()
        assert repr(loads(text)) == repr(json.loads(text)), text


@pytest.fixture
def gc_on() -> Iterator[None]:
    was = gc.isenabled()
    gc.enable()
    yield
    if not was:
        gc.disable()


@pytest.mark.usefixtures("gc_on")
def test_gc_paused_restores_the_collector_even_on_errors() -> None:
    with gc_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    inside: list[bool] = []

    def fail() -> None:
        inside.append(gc.isenabled())
        raise KeyError("boom")

    with pytest.raises(KeyError), gc_paused():
        fail()
    assert inside == [False]
    assert gc.isenabled()


@pytest.mark.usefixtures("gc_on")
def test_gc_paused_leaves_a_disabled_collector_disabled() -> None:
    gc.disable()
    with pytest.raises(KeyError), gc_paused():
        raise KeyError("boom")
    assert not gc.isenabled()
    with gc_paused():
        pass
    assert not gc.isenabled()


def _page(items: list[Any]) -> httpx.Response:
    return httpx.Response(200, json={"success": True, "data": items, "meta": {"count": 1}})


@pytest.mark.usefixtures("gc_on")
@pytest.mark.parametrize(("count", "paused"), [(100, True), (1, False)])
async def test_a_large_reply_is_read_with_the_collector_paused(
    monkeypatch: pytest.MonkeyPatch, count: int, paused: bool
) -> None:
    collector_on: list[bool] = []

    def read_body(content: bytes) -> tuple[Any, str | None]:
        collector_on.append(gc.isenabled())
        return _read_body(content)

    def read_list(content: bytes, build: Any, *, enveloped: bool, keep: bool) -> Any:
        collector_on.append(gc.isenabled())  # a large list reply is built item by item
        return split_list(content, build, enveloped=enveloped, keep=keep)

    monkeypatch.setattr(operation_module, "_read_body", read_body)
    monkeypatch.setattr(operation_module, "split_list", read_list)
    page = _page([LEGACY_SEARCH_ITEM] * count)
    assert (len(page.content) >= PAUSE_GC_FROM) is paused
    async with make_client(lambda request: page) as api:
        items = await api.location(LOCATION).inventory.search_for_product_transactions()
    assert len(items) == count
    assert items[0].good.id == 111222333  # type: ignore[union-attr]
    assert collector_on == [not paused]
    assert gc.isenabled()


@pytest.mark.usefixtures("gc_on")
async def test_a_large_reply_that_does_not_fit_leaves_the_collector_on() -> None:
    bad = dict(LEGACY_SEARCH_ITEM, cost="n/a")  # no number where the spec says number
    page = _page([LEGACY_SEARCH_ITEM] * 100 + [bad])
    assert len(page.content) >= PAUSE_GC_FROM
    async with make_client(lambda request: page) as api:
        with pytest.raises(ResponseValidationError, match="n/a"):
            await api.location(LOCATION).inventory.search_for_product_transactions()
    assert gc.isenabled()


def test_deep_webhook_payload_is_a_payload_error() -> None:
    with pytest.raises(WebhookPayloadError, match="nested too deeply"):
        parse_event(b"[" * 100_000)


def _varied(count: int) -> list[dict[str, Any]]:
    return [{**LEGACY_SEARCH_ITEM, "id": index, "record_id": None} for index in range(count)]


async def test_a_large_list_read_item_by_item_equals_the_ordinary_read() -> None:
    page = _page(_varied(300))
    assert len(page.content) >= PAUSE_GC_FROM
    async with make_client(lambda request: page) as api:
        shop = api.location(LOCATION)
        items = await shop.inventory.search_for_product_transactions()
        raw = await shop.inventory.with_raw_response.search_for_product_transactions()
    # what the ordinary path builds from the same JSON (numbers sent as strings made numbers)
    expected = [TransactionSearchItem.from_dict(item).to_dict() for item in _varied(300)]
    assert [item.to_dict() for item in items] == expected
    assert items[0].record_id is None
    assert "record_id" in items[0].fields_set  # an explicit null survives the fast path
    assert raw.envelope == json.loads(page.content)  # the raw reply still shows every item
    assert [item.to_dict() for item in raw.data] == [item.to_dict() for item in items]


def test_split_list_declines_what_it_cannot_read_exactly() -> None:
    def build(item: Any) -> Any:
        return item["id"]

    assert split_list(b'{"success": true, "data": [{"id": 1}]}', build, enveloped=True) == (
        {"success": True, "data": [{"id": 1}]},
        [1],
    )
    assert split_list(b'[{"id": 1}, {"id": 2}]', build, enveloped=False) == (
        [{"id": 1}, {"id": 2}],
        [1, 2],
    )
    # another top-level key, a value msgspec alone refuses, an item the builder refuses
    assert split_list(b'{"data": [{"id": 1}], "extra": 1}', build, enveloped=True) is None
    assert split_list(b'{"data": [{"id": NaN}]}', build, enveloped=True) is None
    assert split_list(b'{"data": [{"name": "x"}]}', build, enveloped=True) is None
    assert split_list(b'{"data": {"id": 1}}', build, enveloped=True) is None
    kept, built = split_list(b'{"data": [{"id": 1}]}', build, enveloped=True, keep=False) or (
        {},
        [],
    )
    assert (kept, built) == ({"data": []}, [1])
