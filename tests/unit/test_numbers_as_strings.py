"""Numbers sent as strings arrive as numbers where the spec says number or integer."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from altegio_client import Altegio, ResponseValidationError

from .helpers import LOCATION, PARTNER, USER, envelope

# The legacy reference's sample reply of the transaction search: ids and money as strings.
LEGACY_SEARCH_ITEM: dict[str, Any] = {
    "id": 123456789,
    "document_id": 22256643,
    "type_id": "987654321",
    "type": "Something",
    "good": {"id": "111222333", "title": "Something"},
    "storage": {"id": "333222111", "title": "Storage 1"},
    "unit": {"id": "333222111", "title": "milliliter"},
    "operation_unit_type": 1,
    "create_date": "2012-12-21T19:08:00+0400",
    "last_change_date": "2020-02-01T12:00:00+0400",
    "cost_per_unit": "1.07",
    "cost": "0.00",
    "discount": "10.00",
    "master": {"id": "112233445", "title": "James Smith"},
    "supplier": {"id": "11112222", "title": "Best Supplier Ever"},
    "record_id": 1,
    "service": {"id": "1234321", "title": "Service 4"},
    "clients": {"id": "4321234", "name": "George Smith", "phone": 79876543210},
}


def client(reply: httpx.Response) -> Altegio:
    transport = httpx.MockTransport(lambda request: reply)
    return Altegio(PARTNER, USER, transport=transport, rate_limit=None, max_retries=0)


async def test_legacy_sample_numbers_become_numbers() -> None:
    async with client(envelope([LEGACY_SEARCH_ITEM])) as api:
        (item,) = await api.location(LOCATION).inventory.search_for_product_transactions()
    assert item.type_id == 987654321
    assert item.good is not None
    assert item.good.id == 111222333
    assert (item.cost_per_unit, item.cost, item.discount) == (1.07, 0.0, 10.0)
    assert isinstance(item.cost, float)
    assert item.master is not None
    assert item.master.id == 112233445
    # a field kept as text (its examples are not RFC 3339 date-times) stays as sent
    assert item.create_date == "2012-12-21T19:08:00+0400"


async def test_fields_the_spec_allows_as_strings_are_left_alone() -> None:
    document = {
        "id": 1,
        "user": {"id": "999290", "name": "User name"},  # UserBrief.id is `int | str`
        "company": {"id": 4564, "timezone": "-5"},  # Location.timezone is `float | str`
        "storage": {"id": "36539", "title": "Products"},
    }
    async with client(envelope(document)) as api:
        got = await api.location(LOCATION).inventory.get_document(1)
    assert got.user is not None
    assert got.user.id == "999290"
    assert got.company is not None
    assert got.company.timezone == "-5"
    assert got.storage is not None
    assert got.storage.id == 36539


async def test_text_that_is_no_number_is_a_response_validation_error() -> None:
    reply = envelope([{"id": 1, "cost": "n/a"}], headers={"X-Request-Id": "req-7"})
    async with client(reply) as api:
        with pytest.raises(ResponseValidationError) as caught:
            await api.location(LOCATION).inventory.search_for_product_transactions()
    assert "'n/a'" in str(caught.value)
    assert caught.value.request_id == "req-7"
    assert caught.value.body["data"][0]["cost"] == "n/a"
