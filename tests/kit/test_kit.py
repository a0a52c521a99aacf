"""The testing kit: plugin fixtures, virtual clock, fault injection, request log, documents."""

from __future__ import annotations

import subprocess
import sys
import time
from importlib.metadata import entry_points
from pathlib import Path

import httpx
import pytest

from altegio_client import Altegio, APIConnectionError, InternalServerError, RateLimit
from altegio_client.models import DocumentRequestDict
from altegio_client.testing import FakeAltegio, VirtualClock

ROOT = Path(__file__).resolve().parents[2]


def test_the_readme_user_test_is_the_one_run_here() -> None:
    readme = (ROOT / "README.md").read_text()
    section = readme.split("## Testing your integration\n", 1)[1]
    block = section.split("```python\n", 1)[1].split("```", 1)[0]
    code = block.split("\n", 1)[1]  # the first line names the user's file
    here = (Path(__file__).parent / "test_readme_user.py").read_text()
    assert code.strip() in here


def test_the_plugin_is_registered_by_the_package(pytestconfig: pytest.Config) -> None:
    found = [e for e in entry_points(group="pytest11") if e.name == "altegio"]
    assert [e.value for e in found] == ["altegio_client.testing.pytest_plugin"]
    assert pytestconfig.pluginmanager.has_plugin("altegio")


async def test_fixtures_share_one_virtual_clock(
    altegio: Altegio, altegio_fake: FakeAltegio, altegio_clock: VirtualClock
) -> None:
    assert altegio_fake.clock is altegio_clock
    assert altegio.rate_limit is None
    assert altegio_fake.rate_limit is None
    await altegio.location(altegio_fake.demo.location_id).inventory.get_location_inventories()
    assert altegio_clock.elapsed == 0


@pytest.mark.altegio(limits=True)
async def test_limits_on_wait_on_the_virtual_clock(
    altegio: Altegio, altegio_fake: FakeAltegio, altegio_clock: VirtualClock
) -> None:
    assert altegio_fake.rate_limit is not None
    assert altegio.rate_limit is not None
    shop = altegio.location(altegio_fake.demo.location_id)
    started = time.monotonic()
    for _ in range(12):
        await shop.inventory.get_location_inventories()
    assert altegio_clock.elapsed >= 2  # 5 per second (and the client's margin)
    assert time.monotonic() - started < altegio_clock.elapsed
    assert {r.status for r in altegio_fake.requests} == {200}  # the client kept under it


@pytest.mark.altegio(limits=RateLimit(per_second=1, per_minute=None), max_retries=0)
async def test_marker_passes_a_limit_and_client_options(
    altegio: Altegio, altegio_fake: FakeAltegio
) -> None:
    assert altegio_fake.rate_limit == RateLimit(per_second=1, per_minute=None)
    assert altegio.max_retries == 0


async def test_reset_get_is_retried(
    altegio: Altegio, altegio_fake: FakeAltegio, altegio_clock: VirtualClock
) -> None:
    demo = altegio_fake.demo
    altegio_fake.fail_next("get_location_inventories", "reset")
    await altegio.location(demo.location_id).inventory.get_location_inventories()
    assert [r.status for r in altegio_fake.requests] == [None, 200]
    assert len(altegio_clock.sleeps) == 1


async def test_reset_post_is_not_resent(altegio: Altegio, altegio_fake: FakeAltegio) -> None:
    demo = altegio_fake.demo
    altegio_fake.fail_next("create_document", status="reset")
    with pytest.raises(APIConnectionError):
        await altegio.location(demo.location_id).inventory.create_document(
            body={"create_date": "2026-09-21", "storage_id": demo.storage_ids[0], "type_id": 3}
        )
    assert [(r.operation, r.status) for r in altegio_fake.requests] == [("create_document", None)]
    assert altegio_fake.documents(demo.location_id) == []


async def test_reset_is_httpx_read_error_on_the_transport() -> None:
    fake = FakeAltegio(rate_limit=None)
    fake.fail_next("get_location_inventories", "reset")
    async with httpx.AsyncClient(transport=fake.transport, base_url=fake.base_url) as http:
        with pytest.raises(httpx.ReadError):
            await http.get(f"/storages/{fake.demo.location_id}")


async def test_injected_status_skips_validation_and_auth(altegio_fake: FakeAltegio) -> None:
    altegio_fake.fail_next("get_document", status=503, times=2)
    transport = altegio_fake.transport
    async with httpx.AsyncClient(transport=transport, base_url=altegio_fake.base_url) as http:
        first = await http.get("/storage_operations/documents/abc/1")  # no token, bad path
        second = await http.get("/storage_operations/documents/abc/1")
        third = await http.get("/storage_operations/documents/abc/1")
    assert (first.status_code, second.status_code) == (503, 503)
    assert first.json()["success"] is False
    assert third.status_code in (401, 422)
    assert [r.operation for r in altegio_fake.requests] == ["get_document"] * 3


@pytest.mark.altegio(max_retries=0)
async def test_a_post_with_a_5xx_is_reported(altegio: Altegio, altegio_fake: FakeAltegio) -> None:
    demo = altegio_fake.demo
    altegio_fake.fail_next("create_document", status=500)
    with pytest.raises(InternalServerError):
        await altegio.location(demo.location_id).inventory.create_document(
            body={"create_date": "2026-09-21", "storage_id": demo.storage_ids[0], "type_id": 3}
        )


async def test_delay_runs_on_the_fake_clock(
    altegio: Altegio, altegio_fake: FakeAltegio, altegio_clock: VirtualClock
) -> None:
    altegio_fake.fail_next("get_location_inventories", delay=30)
    started = time.monotonic()
    await altegio.location(altegio_fake.demo.location_id).inventory.get_location_inventories()
    assert altegio_clock.elapsed == 30
    assert time.monotonic() - started < 5
    assert [r.status for r in altegio_fake.requests] == [200]


def test_fail_rate_is_deterministic_per_seed() -> None:
    def run(seed: int) -> list[object]:
        fake = FakeAltegio(rate_limit=None)
        fake.fail_rate(0.3, status=502, seed=seed)
        return [f.status if f else None for f in (fake.faults.take("x") for _ in range(50))]

    first = run(7)
    assert first == run(7)
    assert 5 < first.count(502) < 25
    assert run(7) != run(8)


def test_fail_next_checks_its_arguments() -> None:
    fake = FakeAltegio(rate_limit=None, seed_demo=False)
    with pytest.raises(ValueError, match="needs a status"):
        fake.fail_next("get_document")
    with pytest.raises(ValueError, match="status"):
        fake.fail_next("get_document", status=200)
    with pytest.raises(ValueError, match="times"):
        fake.fail_next("get_document", status=500, times=0)
    fake.fail_next("get_document", status=500, times=3)
    fake.clear_faults()
    assert fake.faults.take("get_document") is None


async def test_request_log_has_every_field(altegio: Altegio, altegio_fake: FakeAltegio) -> None:
    demo = altegio_fake.demo
    body: DocumentRequestDict = {
        "create_date": "2026-09-21",
        "storage_id": demo.storage_ids[0],
        "type_id": 3,
    }
    await altegio.location(demo.location_id).inventory.create_document(body=body)
    (entry,) = altegio_fake.requests
    assert entry.operation == "create_document"
    assert entry.method == "POST"
    assert entry.path == f"/storage_operations/documents/{demo.location_id}"
    assert entry.query == ()
    assert entry.json() == body
    assert entry.status in (200, 201)
    assert entry.headers["authorization"] == "***"
    assert demo.user_token not in repr(entry.headers)


def test_documents_and_transactions_seed_and_query(altegio_fake: FakeAltegio) -> None:
    demo = altegio_fake.demo
    storage, product = demo.storage_ids[0], demo.product_ids[0]
    before = altegio_fake.stock(demo.location_id, product).get(storage, 0)
    receipt = altegio_fake.add_document(demo.location_id, type_id=3, storage_id=storage)
    sale = altegio_fake.add_document(demo.location_id, type_id=1, storage_id=storage)
    altegio_fake.add_transaction(receipt, product, 4, cost_per_unit=2)
    altegio_fake.add_transaction(sale, product, 1, cost_per_unit=3)
    assert [d.id for d in altegio_fake.documents(demo.location_id)] == [receipt, sale]
    assert [d.id for d in altegio_fake.documents(demo.location_id, type_id=1)] == [sale]
    assert altegio_fake.document(demo.location_id, receipt).transaction_ids
    assert [t.amount for t in altegio_fake.transactions(product_id=product)][-2:] == [4, -1]
    (tx,) = altegio_fake.transactions(demo.location_id, document_id=receipt)
    assert tx.cost == 8
    assert altegio_fake.stock(demo.location_id, product)[storage] == before + 3
    with pytest.raises(ValueError, match="type"):
        altegio_fake.add_document(demo.location_id, type_id=99, storage_id=storage)
    with pytest.raises(LookupError):
        altegio_fake.add_transaction(123456789, product, 1)
    with pytest.raises(LookupError):
        altegio_fake.document(demo.location_id, 123456789)


async def test_virtual_clock_sleeps_without_waiting() -> None:
    clock = VirtualClock()
    started = time.monotonic()
    await clock.sleep(3600)
    await clock.sleep(-1)
    assert clock.elapsed == 3600
    assert clock.sleeps == [3600, -1]
    assert time.monotonic() - started < 1


def test_the_readme_test_passes_in_a_fresh_project(tmp_path: Path) -> None:
    """The user's own project: no conftest, only the installed plugin (entry point)."""
    code = (Path(__file__).parent / "test_readme_user.py").read_text()
    (tmp_path / "test_documents.py").write_text(code)
    (tmp_path / "pytest.ini").write_text("[pytest]\nasyncio_mode = auto\n")
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(tmp_path)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "1 passed" in done.stdout
