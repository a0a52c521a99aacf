"""Test double for the Altegio API: ``FakeAltegio`` (needs the ``testing`` extra).

from altegio_client import Altegio
from altegio_client.testing import FakeAltegio

fake = FakeAltegio(rate_limit=None)
api = Altegio(fake.demo.partner_token, fake.demo.user_token,
              transport=fake.transport, rate_limit=None)
shop = api.location(fake.demo.location_id)
await shop.inventory.get_location_inventories()

In pytest, the plugin (``altegio_client.testing.pytest_plugin``, registered by the extra) gives
the fixtures ``altegio_fake``, ``altegio`` and ``altegio_clock`` (a ``VirtualClock``).
"""

from ._fake import FakeAltegio
from ._faults import Fault
from ._leniency import RecordedRequest
from ._model import DocumentRecord, TransactionRecord
from ._seed import DemoSeed, FakeUser
from ._validation import ResponseMismatch
from ._virtual_clock import VirtualClock

__all__ = [
    "DemoSeed",
    "DocumentRecord",
    "FakeAltegio",
    "FakeUser",
    "Fault",
    "RecordedRequest",
    "ResponseMismatch",
    "TransactionRecord",
    "VirtualClock",
]
