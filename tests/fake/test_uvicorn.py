"""The ASGI app served by uvicorn on a loopback port works with the client over real HTTP."""

from __future__ import annotations

import asyncio
import socket

import uvicorn

from altegio_client import Altegio, LoggedIn
from altegio_client.testing import FakeAltegio

from ._helpers import known, operation_parts, receipt_body


async def test_served_by_uvicorn() -> None:
    fake = FakeAltegio(rate_limit=None, validate_responses=True)
    demo = fake.demo
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))  # a free port, held open so nothing else can take it
    port = sock.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(fake.app, log_level="warning", lifespan="on", access_log=False)
    )
    serving = asyncio.create_task(server.serve(sockets=[sock]))
    try:
        for _ in range(200):
            if server.started:
                break
            await asyncio.sleep(0.01)
        assert server.started
        async with Altegio(
            demo.partner_token,
            base_url=f"http://127.0.0.1:{port}/api/v1",
            rate_limit=None,
            max_retries=0,
        ) as api:
            assert isinstance(await api.login(demo.login, demo.password), LoggedIn)
            shop = api.location(demo.location_id)
            (retail, consumables), mask = demo.storage_ids, demo.product_ids[2]
            result = await shop.inventory.create_inventory_operation(
                body=receipt_body(retail, [(mask, 4)])
            )
            document_id = operation_parts(result)[0]
            raw = await shop.inventory.with_raw_response.get_document(document_id)
            assert raw.status_code == 200
            assert raw.request_id  # the fake sends x-request-id
            product = await shop.products.get_product(mask)
            amounts = known(product.actual_amounts)
            assert [(a.storage_id, a.amount) for a in amounts] == [(retail, 4), (consumables, 0)]
    finally:
        server.should_exit = True
        await asyncio.wait_for(serving, timeout=10)
        sock.close()
