"""A fake per test, sharing one spec checker (building it takes seconds)."""

from __future__ import annotations

import pytest

from altegio_client.testing import FakeAltegio, _fake

from ._helpers import integer_id_spec


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> FakeAltegio:
    # One spec object for the whole session, so the fake's checker cache (keyed on it) hits.
    monkeypatch.setattr(_fake, "load_default_spec", integer_id_spec)
    return FakeAltegio(rate_limit=None)
