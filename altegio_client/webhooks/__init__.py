"""Altegio webhooks: typed events, an ASGI receiver and deduplication.

```python
from altegio_client.webhooks import Deduplicator, receiver

async def handle(event):            # event: WebhookEvent
    ...

app = receiver(Deduplicator()(handle), token="the Bearer token set in Altegio")
```

The event models in ``altegio_client.webhooks.models`` are generated from the vendor's
Developer Tools bundle (webhooks.openapi.yaml); never edit ``_generated``.
"""

from __future__ import annotations

from . import models
from ._dedup import Deduplicator
from ._events import (
    GOODS_OPERATIONS,
    EventModel,
    WebhookEvent,
    WebhookPayloadError,
    dedup_key,
    parse_event,
)
from ._receiver import ACK_DEADLINE, Handler, receiver
from ._subscribe import EVENTS, MAX_URLS, SharedSettingsWarning, subscribe, unsubscribe

__all__ = [
    "ACK_DEADLINE",
    "EVENTS",
    "GOODS_OPERATIONS",
    "MAX_URLS",
    "Deduplicator",
    "EventModel",
    "Handler",
    "SharedSettingsWarning",
    "WebhookEvent",
    "WebhookPayloadError",
    "dedup_key",
    "models",
    "parse_event",
    "receiver",
    "subscribe",
    "unsubscribe",
]
