"""Shared helpers: the vendor's event examples (from the committed import) and a uvicorn server."""

from __future__ import annotations

import asyncio
import json
import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from functools import cache
from pathlib import Path
from typing import Any

import uvicorn
import yaml

ROOT = Path(__file__).resolve().parents[2]


@cache
def vendor_examples() -> dict[str, dict[str, Any]]:
    """Event name -> the example payload of webhooks.openapi.yaml, as JSON would decode it."""
    doc = yaml.safe_load((ROOT / "webhooks.openapi.yaml").read_text(encoding="utf-8"))
    out = {}
    for name, item in doc["webhooks"].items():
        example = item["post"]["requestBody"]["content"]["application/json"]["example"]
        out[name] = json.loads(json.dumps(example, default=str))
    return out


@asynccontextmanager
async def serve(app: Any) -> AsyncIterator[str]:
    """Run ``app`` under uvicorn on a free loopback port; yields its base URL."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(app, log_level="warning", lifespan="on", access_log=False)
    )
    serving = asyncio.create_task(server.serve(sockets=[sock]))
    try:
        for _ in range(300):
            if server.started:
                break
            await asyncio.sleep(0.01)
        assert server.started
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await asyncio.wait_for(serving, timeout=10)
        sock.close()
