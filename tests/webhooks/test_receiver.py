"""The ASGI receiver under a real uvicorn, and the Deduplicator."""

from __future__ import annotations

import asyncio
import json

import httpx
import pytest

from altegio_client.webhooks import Deduplicator, WebhookEvent, parse_event, receiver
from altegio_client.webhooks.models import GoodsOperationEvent

from ._helpers import serve, vendor_examples

TOKEN = "test-webhook-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


def _body(name: str = "GoodsOperationEvent") -> bytes:
    return json.dumps(vendor_examples()[name]).encode()


async def test_acknowledges_after_the_handler_returned() -> None:
    seen: list[WebhookEvent] = []
    finished = asyncio.Event()

    async def handle(event: WebhookEvent) -> None:
        await asyncio.sleep(0.05)
        seen.append(event)
        finished.set()

    async with serve(receiver(handle, token=TOKEN)) as url, httpx.AsyncClient() as http:
        reply = await http.post(url + "/hooks", content=_body(), headers=AUTH)
        assert finished.is_set()  # the 200 came only after the handler was done
    assert reply.status_code == 200
    assert [type(e.model) for e in seen] == [GoodsOperationEvent]


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": "Bearer wrong-token"},
        {"Authorization": f"Basic {TOKEN}"},
        {"Authorization": f"Bearer {TOKEN}x"},
    ],
)
async def test_refuses_a_missing_or_wrong_token(headers: dict[str, str]) -> None:
    calls: list[WebhookEvent] = []

    async def handle(event: WebhookEvent) -> None:
        calls.append(event)

    async with serve(receiver(handle, token=TOKEN)) as url, httpx.AsyncClient() as http:
        reply = await http.post(url, content=_body(), headers=headers)
        accepted = await http.post(
            url, content=_body(), headers={"authorization": f"bearer {TOKEN}"}
        )
    assert reply.status_code == 401
    assert accepted.status_code == 200
    assert len(calls) == 1


async def test_failing_or_slow_handler_answers_5xx_so_the_vendor_retries() -> None:
    attempts = 0

    async def flaky(event: WebhookEvent) -> None:
        nonlocal attempts
        attempts += 1
        if attempts == 1:
            raise RuntimeError("database down")
        if attempts == 2:
            await asyncio.sleep(5)

    app = receiver(flaky, token=TOKEN, timeout=0.2)
    async with serve(app) as url, httpx.AsyncClient() as http:
        statuses = [
            (await http.post(url, content=_body(), headers=AUTH)).status_code for _ in range(3)
        ]
    assert statuses == [500, 503, 200]


async def test_rejects_garbage_and_other_methods() -> None:
    async def handle(event: WebhookEvent) -> None:
        raise AssertionError("never called")

    app = receiver(handle, token=TOKEN, max_body=10_000)
    async with serve(app) as url, httpx.AsyncClient() as http:
        garbage = await http.post(url, content=b"{not json", headers=AUTH)
        wrong = await http.post(url, content=b'{"resource": "good"}', headers=AUTH)
        huge = await http.post(url, content=b"x" * 20_000, headers=AUTH)
        get = await http.get(url, headers=AUTH)
    assert [r.status_code for r in (garbage, wrong, huge, get)] == [400, 400, 413, 405]


async def test_queue_mode_acknowledges_at_once() -> None:
    queue: asyncio.Queue[WebhookEvent] = asyncio.Queue(maxsize=1)
    async with serve(receiver(queue=queue, token=TOKEN)) as url, httpx.AsyncClient() as http:
        first = await http.post(url, content=_body("GoodEvent"), headers=AUTH)
        full = await http.post(url, content=_body("GoodEvent"), headers=AUTH)
    assert (first.status_code, full.status_code) == (200, 503)
    assert queue.get_nowait().resource == "good"


def test_receiver_needs_exactly_one_consumer() -> None:
    async def handle(event: WebhookEvent) -> None:
        return None

    with pytest.raises(ValueError, match="exactly one"):
        receiver(token=TOKEN)
    with pytest.raises(ValueError, match="exactly one"):
        receiver(handle, queue=asyncio.Queue(), token=TOKEN)
    with pytest.raises(ValueError, match="empty"):
        receiver(handle, token="")


async def test_deduplicator_runs_each_change_once_and_retries_failures() -> None:
    handled: list[str] = []
    fail_next = True

    async def handle(event: WebhookEvent) -> None:
        nonlocal fail_next
        await asyncio.sleep(0.01)
        if fail_next:
            fail_next = False
            raise RuntimeError("first attempt fails")
        handled.append(event.dedup_key)

    now = [0.0]
    dedup = Deduplicator(window=60, clock=lambda: now[0])
    run = dedup(handle)
    sale = parse_event(vendor_examples()["GoodsOperationEvent"])
    good = parse_event(vendor_examples()["GoodEvent"])
    results = await asyncio.gather(run(sale), run(sale), run(good), return_exceptions=True)
    assert isinstance(results[0], RuntimeError)  # the first copy failed...
    # ...and the duplicate that waited for it ran the handler instead.
    assert sorted(handled) == sorted([sale.dedup_key, good.dedup_key])
    await run(sale)
    assert dedup.skipped == 1
    now[0] = 61.0  # past the window: the key is forgotten
    await run(sale)
    assert handled.count(sale.dedup_key) == 2
