"""End-of-day stock movement report: an async worker pipeline over the Altegio API.

    make demo                         # against the built-in FakeAltegio, nothing leaves the machine
    make demo ARGS="--date 2026-09-21 --concurrency 8"

With ALTEGIO_PARTNER_TOKEN, ALTEGIO_USER_TOKEN and ALTEGIO_LOCATION_ID set it reads the real
API instead, and writes (one receipt and one sale) only when given --write.

The pipeline: log in, list storages and products, record inventory operations, page through the
day's product transactions to find their documents, fetch every document's transactions with
bounded concurrency (the client's rate limiter keeps the whole pipeline under the API's limits),
and print per-product movements with totals.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import random
import sys
import time
from collections.abc import Awaitable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from rich.console import Console
from rich.progress import Progress
from rich.table import Table

from altegio_client import (
    Altegio,
    APIConnectionError,
    AuthenticationError,
    DocumentType,
    LocationScope,
    PermissionDeniedError,
)

T = TypeVar("T")


@dataclass
class Movement:
    """One product's movements over the day."""

    title: str
    receipts: float = 0.0
    sales: float = 0.0
    write_offs: float = 0.0
    other: float = 0.0
    stock_now: float | None = None

    @property
    def net(self) -> float:
        return self.receipts + self.sales + self.write_offs + self.other


@dataclass
class Report:
    day: dt.date
    documents: int = 0
    transactions: int = 0
    rows: dict[int, Movement] = field(default_factory=dict)

    def totals(self) -> Movement:
        total = Movement("TOTAL")
        for row in self.rows.values():
            total.receipts += row.receipts
            total.sales += row.sales
            total.write_offs += row.write_offs
            total.other += row.other
        return total


async def record_operations(
    shop: LocationScope,
    storage_id: int,
    product_ids: Sequence[int],
    day: dt.date,
    count: int,
    seed: int,
) -> None:
    """Record ``count`` inventory operations (receipts first, then sales) on ``day``."""
    rng = random.Random(seed)
    stamp = dt.datetime.combine(day, dt.time(9, 0), tzinfo=dt.timezone(dt.timedelta(hours=-5)))
    for index in range(count):
        receipt = index < max(1, count // 3)
        good = product_ids[index % len(product_ids)]
        amount = rng.randint(5, 20) if receipt else -rng.randint(1, 4)
        price = rng.choice([4.5, 12.0, 25.0, 39.9])
        created = (stamp + dt.timedelta(minutes=17 * index)).isoformat(timespec="milliseconds")
        await shop.inventory.create_inventory_operation(
            body={
                "type_id": int(DocumentType.RECEIPT if receipt else DocumentType.SALE),
                "storage_id": storage_id,
                "create_date": created,
                "comment": "demo receipt" if receipt else "demo sale",
                "goods_transactions": [
                    {
                        "good_id": good,
                        "amount": amount,
                        "cost_per_unit": price,
                        "discount": 0,
                        "cost": round(abs(amount) * price, 2),
                        "operation_unit_type": 1,
                    }
                ],
            }
        )


async def day_document_ids(shop: LocationScope, day: dt.date, page_size: int) -> list[int]:
    """Every document with a transaction on ``day``, found by paging through the search."""
    ids: dict[int, None] = {}
    async for tx in shop.inventory.paginate_search_for_product_transactions(
        start_date=day.isoformat(), end_date=day.isoformat(), page_size=page_size
    ):
        if tx.document_id is not None:
            ids[tx.document_id] = None
    return list(ids)


def _classify(row: Movement, document_type: int, amount: float) -> None:
    kind = DocumentType(document_type)
    if kind is DocumentType.RECEIPT:
        row.receipts += amount
    elif kind is DocumentType.SALE:
        row.sales += amount
    elif kind in (DocumentType.WRITE_OFF, DocumentType.WRITE_OFF_DOCUMENT):
        row.write_offs += amount
    else:
        row.other += amount


async def build_report(
    api: Altegio,
    shop: LocationScope,
    day: dt.date,
    *,
    concurrency: int = 4,
    page_size: int = 50,
    progress: Progress | None = None,
) -> Report:
    """Collect the day's movements; at most ``concurrency`` document fetches run at once."""
    products = await shop.products.get_products_list()
    report = Report(day=day)
    titles = {p.good_id: p.title or f"#{p.good_id}" for p in products if p.good_id is not None}
    documents = await day_document_ids(shop, day, page_size)
    report.documents = len(documents)
    gate = asyncio.Semaphore(concurrency)
    task = progress.add_task("documents", total=len(documents)) if progress else None

    async def bounded(call: Awaitable[T]) -> T:
        async with gate:
            result = await call
        if progress is not None and task is not None:
            progress.advance(task)
        return result

    fetches = [bounded(api.inventory.get_document_product_transactions(d)) for d in documents]
    for rows in await asyncio.gather(*fetches):
        for tx in rows:
            if tx.deleted or tx.good_id is None or tx.type_id is None:
                continue
            good_id = tx.good_id
            row = report.rows.setdefault(good_id, Movement(titles.get(good_id, f"#{good_id}")))
            _classify(row, tx.type_id, tx.amount or 0.0)
            report.transactions += 1

    # Stock now, per moved product: one more bounded fan-out.
    if progress is not None:
        task = progress.add_task("stock", total=len(report.rows))
    moved = list(report.rows)
    details = await asyncio.gather(*(bounded(shop.products.get_product(g)) for g in moved))
    for good_id, product in zip(moved, details, strict=True):
        amounts = product.actual_amounts or []
        report.rows[good_id].stock_now = sum(a.amount or 0.0 for a in amounts)
    return report


def render(report: Report, console: Console) -> None:
    table = Table(title=f"Stock movements on {report.day.isoformat()}")
    for column in ("Product", "Receipts", "Sales", "Write-offs", "Other", "Net", "Stock now"):
        table.add_column(column, justify="left" if column == "Product" else "right")

    def cells(row: Movement) -> Iterable[str]:
        yield row.title
        for number in (row.receipts, row.sales, row.write_offs, row.other, row.net):
            yield f"{number:g}"
        yield "" if row.stock_now is None else f"{row.stock_now:g}"

    moved = [r for r in report.rows.values() if any((r.receipts, r.sales, r.write_offs, r.other))]
    for row in sorted(moved, key=lambda r: r.title):
        table.add_row(*cells(row))
    table.add_section()
    table.add_row(*cells(report.totals()))
    console.print(table)
    console.print(f"{report.documents} documents, {report.transactions} product transactions")


async def run(args: argparse.Namespace, console: Console) -> int:
    real = all(os.environ.get(v) for v in ("ALTEGIO_PARTNER_TOKEN", "ALTEGIO_USER_TOKEN"))
    real = real and bool(os.environ.get("ALTEGIO_LOCATION_ID"))
    day = args.date or dt.date.today()
    if real:
        location_id = int(os.environ["ALTEGIO_LOCATION_ID"])
        console.print(
            f"Running against the real Altegio API (location {location_id}, "
            f"{'WRITES ENABLED' if args.write else 'read-only'})"
        )
        api = Altegio()
        writes = args.operations if args.write else 0
    else:
        from altegio_client.testing import FakeAltegio

        fake = FakeAltegio()
        console.print(
            "Running against the built-in FakeAltegio (no ALTEGIO_* tokens set); "
            "nothing leaves this machine"
        )
        location_id = fake.demo.location_id
        api = Altegio(fake.demo.partner_token, transport=fake.transport)
        await api.login(fake.demo.login, fake.demo.password)
        console.print(f"Logged in as {fake.demo.login}")
        writes = args.operations
    async with api:
        shop = api.location(location_id)
        storages = await shop.inventory.get_location_inventories()
        products = await shop.products.get_products_list()
        console.print(f"{len(storages)} storages, {len(products)} products")
        product_ids = [p.good_id for p in products if p.good_id is not None]
        storage_id = storages[0].id if storages else None
        if writes and storage_id is not None and product_ids:
            console.print(f"Recording {writes} inventory operations on {day.isoformat()}...")
            await record_operations(shop, storage_id, product_ids, day, writes, args.seed)
        started = time.perf_counter()
        with Progress(console=console, transient=True) as progress:
            report = await build_report(
                api, shop, day, concurrency=args.concurrency, progress=progress
            )
        render(report, console)
        limit = api.rate_limit
        pace = f"{limit.per_second}/s, {limit.per_minute}/min" if limit else "no limit"
        console.print(f"Report built in {time.perf_counter() - started:.1f} s (rate limit {pace})")
    return 0


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--date", type=dt.date.fromisoformat, help="report day (default today)")
    parser.add_argument("--concurrency", type=int, default=4, help="parallel document fetches")
    parser.add_argument("--operations", type=int, default=12, help="operations to record")
    parser.add_argument("--seed", type=int, default=7, help="seed for the demo's amounts")
    parser.add_argument("--write", action="store_true", help="allow writes against the real API")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    console = Console()
    args = parse_args(argv)
    try:
        return asyncio.run(run(args, console))
    except (AuthenticationError, PermissionDeniedError) as exc:
        console.print(f"[red]error:[/red] the API refused the credentials: {exc}")
        return 2
    except APIConnectionError as exc:
        console.print(f"[red]error:[/red] cannot reach the API: {exc}")
        return 3


if __name__ == "__main__":
    sys.exit(main())
