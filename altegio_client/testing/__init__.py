"""Test double for the Altegio API: ``FakeAltegio`` (needs the ``testing`` extra).

from altegio_client import Altegio
from altegio_client.testing import FakeAltegio

fake = FakeAltegio(rate_limit=None)
api = Altegio(fake.demo.partner_token, fake.demo.user_token,
              transport=fake.transport, rate_limit=None)
shop = api.location(fake.demo.location_id)
await shop.inventory.get_location_inventories()
"""

from ._fake import FakeAltegio
from ._leniency import RecordedRequest
from ._seed import DemoSeed, FakeUser
from ._validation import ResponseMismatch

__all__ = ["DemoSeed", "FakeAltegio", "FakeUser", "RecordedRequest", "ResponseMismatch"]
