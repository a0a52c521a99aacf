"""examples/webhook_tasks.py: deliveries become taskiq jobs, each change once."""

from __future__ import annotations

import importlib
import json
import sys
from pathlib import Path
from types import ModuleType

import httpx
import pytest

from ..webhooks._helpers import vendor_examples

TOKEN = "hook-secret"


@pytest.fixture
def example(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> ModuleType:
    monkeypatch.setenv("WEBHOOK_BROKER", "memory")  # taskiq's in-process broker
    monkeypatch.setenv("WEBHOOK_RESULTS", str(tmp_path / "events.jsonl"))
    monkeypatch.setenv("ALTEGIO_WEBHOOK_TOKEN", TOKEN)
    sys.modules.pop("examples.webhook_tasks", None)
    return importlib.import_module("examples.webhook_tasks")


async def test_each_goods_operation_becomes_one_job(example: ModuleType, tmp_path: Path) -> None:
    sale = vendor_examples()["GoodsOperationEvent"]
    good = vendor_examples()["GoodEvent"]  # not a goods operation: acknowledged, no job
    transport = httpx.ASGITransport(app=example.app)
    headers = {"Authorization": f"Bearer {TOKEN}"}
    async with httpx.AsyncClient(transport=transport, base_url="http://hooks") as http:
        for body in (sale, sale, good):  # the vendor repeats a delivery it thinks failed
            reply = await http.post("/", json=body, headers=headers)
            assert reply.status_code == 200, reply.text
        refused = await http.post("/", json=sale, headers={"Authorization": "Bearer wrong"})
        assert refused.status_code == 401
    lines = (tmp_path / "events.jsonl").read_text().splitlines()
    assert [json.loads(line) for line in lines] == [
        {
            "resource": "goods_operations_sale",
            "status": "create",
            "location_id": 123456,
            "good_id": 701,
            "amount": 2,
        }
    ]
