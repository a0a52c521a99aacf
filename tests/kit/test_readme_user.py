"""The user test of the README's "Testing your integration", verbatim (see test_kit.py)."""

import time

from altegio_client import Altegio
from altegio_client.testing import FakeAltegio, VirtualClock


async def test_a_flaky_api_is_retried(
    altegio: Altegio, altegio_fake: FakeAltegio, altegio_clock: VirtualClock
) -> None:
    demo = altegio_fake.demo
    document_id = altegio_fake.add_document(
        demo.location_id, type_id=3, storage_id=demo.storage_ids[0], comment="delivery"
    )
    altegio_fake.add_transaction(document_id, demo.product_ids[0], 5, cost_per_unit=2.5)
    altegio_fake.fail_next("get_document", status=500, times=2)

    started = time.monotonic()
    document = await altegio.location(demo.location_id).inventory.get_document(document_id)

    assert document.comment == "delivery"
    calls = [r for r in altegio_fake.requests if r.operation == "get_document"]
    assert [r.status for r in calls] == [500, 500, 200]
    assert len(altegio_clock.sleeps) == 2  # two back-offs: 0.25-0.5 s, then 0.5-1 s
    assert altegio_clock.elapsed >= 0.75  # ... taken on the virtual clock
    assert time.monotonic() - started < altegio_clock.elapsed  # not in real time
    assert [t.amount for t in altegio_fake.transactions(document_id=document_id)] == [5]
