"""examples/webhook_queue.py: acknowledged at once, each change processed once."""

from __future__ import annotations

import asyncio
import json

import httpx
import pytest

from examples.webhook_queue import App, running

from ..webhooks._helpers import serve, vendor_examples


async def test_duplicates_are_acknowledged_but_processed_once() -> None:
    lines: list[str] = []
    async with running("tok") as (app, worker):
        worker.out = lines.append
        async with serve(app) as url, httpx.AsyncClient() as http:
            sale = json.dumps(vendor_examples()["GoodsOperationEvent"])
            headers = {"Authorization": "Bearer tok"}
            replies = [await http.post(url, content=sale, headers=headers) for _ in range(3)]
            refused = await http.post(url, content=sale)
        await asyncio.wait_for(worker.queue.join(), 5)
    assert [r.status_code for r in replies] == [200, 200, 200]
    assert refused.status_code == 401
    assert lines == ["goods_operations_sale create #801"]
    assert worker.movements == {701: 2}


async def test_served_as_an_app_with_the_token_from_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("ALTEGIO_WEBHOOK_TOKEN", "env-token")
    async with serve(App()) as url, httpx.AsyncClient() as http:
        body = json.dumps(vendor_examples()["GoodEvent"])
        good = await http.post(url, content=body, headers={"Authorization": "Bearer env-token"})
        bad = await http.post(url, content=body, headers={"Authorization": "Bearer tok"})
    assert (good.status_code, bad.status_code) == (200, 401)
