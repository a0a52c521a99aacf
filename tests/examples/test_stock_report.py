"""The `make demo` pipeline: its table agrees with the fake's state, and it fails cleanly."""

from __future__ import annotations

import datetime as dt
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn

from altegio_client import Altegio
from altegio_client.testing import FakeAltegio
from examples.stock_report import build_report, record_operations

ROOT = Path(__file__).resolve().parents[2]
DAY = dt.date(2026, 9, 21)


async def test_report_matches_the_fakes_state() -> None:
    fake = FakeAltegio(rate_limit=None, validate_responses=True)
    demo = fake.demo
    async with Altegio(demo.partner_token, transport=fake.transport, rate_limit=None) as api:
        await api.login(demo.login, demo.password)
        shop = api.location(demo.location_id)
        storage = demo.storage_ids[0]
        # Movements on the next day must stay out of the report.
        await record_operations(shop, storage, demo.product_ids, DAY + dt.timedelta(1), 2, 4)
        before = {p: sum(fake.stock(demo.location_id, p).values()) for p in demo.product_ids}
        await record_operations(shop, storage, demo.product_ids, DAY, 9, seed=3)
        report = await build_report(api, shop, DAY, concurrency=3, page_size=2)

    after = {p: sum(fake.stock(demo.location_id, p).values()) for p in demo.product_ids}
    assert (report.documents, report.transactions) == (9, 9)
    assert set(report.rows) == set(demo.product_ids)
    for product_id, row in report.rows.items():
        assert row.net == pytest.approx(after[product_id] - before[product_id])
        assert row.stock_now == pytest.approx(after[product_id])
        assert row.receipts > 0
        assert row.sales < 0
    assert report.totals().net == pytest.approx(sum(after.values()) - sum(before.values()))


@pytest.fixture
def served_fake() -> Iterator[tuple[FakeAltegio, int]]:
    """The fake's ASGI app on a free loopback port, in a background thread."""
    fake = FakeAltegio(rate_limit=None)
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(fake.app, log_level="warning", access_log=False))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.01)
    assert server.started
    try:
        yield fake, sock.getsockname()[1]
    finally:
        server.should_exit = True
        thread.join(10)
        sock.close()


def run_demo(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith("ALTEGIO_")}
    return subprocess.run(
        [sys.executable, str(ROOT / "examples" / "stock_report.py"), *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**base, "COLUMNS": "120", **(env or {})},
        check=False,
    )


def test_demo_runs_against_the_built_in_fake() -> None:
    done = run_demo("--date", "2026-09-21", "--operations", "4")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert "FakeAltegio" in lines[0]
    assert any(line.startswith("│ TOTAL") for line in lines)
    assert "4 documents, 4 product transactions" in done.stdout


def test_demo_reports_an_unreachable_api_in_one_line() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # closed again before the demo connects
    done = run_demo(
        env={
            "ALTEGIO_PARTNER_TOKEN": "p",
            "ALTEGIO_USER_TOKEN": "u",
            "ALTEGIO_LOCATION_ID": "1",
            "ALTEGIO_BASE_URL": f"http://127.0.0.1:{port}/api/v1",
        }
    )
    assert done.returncode == 3
    error_lines = [line for line in done.stdout.splitlines() if line.startswith("error:")]
    assert len(error_lines) == 1
    assert "cannot reach the API" in error_lines[0]
    assert "Traceback" not in done.stdout + done.stderr


def test_demo_reports_refused_credentials_in_one_line(
    served_fake: tuple[FakeAltegio, int],
) -> None:
    fake, port = served_fake
    done = run_demo(
        env={
            "ALTEGIO_PARTNER_TOKEN": fake.demo.partner_token,
            "ALTEGIO_USER_TOKEN": "not-a-user-token",
            "ALTEGIO_LOCATION_ID": str(fake.demo.location_id),
            "ALTEGIO_BASE_URL": f"http://127.0.0.1:{port}/api/v1",
        }
    )
    assert done.returncode == 2
    error_lines = [line for line in done.stdout.splitlines() if line.startswith("error:")]
    assert len(error_lines) == 1
    assert "refused the credentials" in error_lines[0]
    assert "not-a-user-token" not in done.stdout + done.stderr
