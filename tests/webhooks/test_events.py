"""parse_event: every vendor example, the known quirks, garbage, and the dedup key."""

from __future__ import annotations

import json
from typing import Any

import pytest

from altegio_client import AltegioError
from altegio_client.webhooks import WebhookPayloadError, dedup_key, models, parse_event
from altegio_client.webhooks.models import GoodsOperationEvent, GoodsOperations, ScheduleEvent

from ._helpers import vendor_examples

EXPECTED = {
    "SalonEvent": models.SalonEvent,
    "StaffEvent": models.StaffEvent,
    "ServiceEvent": models.ServiceEvent,
    "ServiceCategoryEvent": models.ServiceCategoryEvent,
    "ClientEvent": models.ClientEvent,
    "RecordEvent": models.RecordEvent,
    "LoyaltyCardEvent": models.LoyaltyCardEvent,
    "ScheduleEvent": models.ScheduleEvent,
    "GoodEvent": models.GoodEvent,
    "GoodsOperationEvent": models.GoodsOperationEvent,
    "FinancesOperationEvent": models.FinancesOperationEvent,
}


def test_the_import_has_all_eleven_events() -> None:
    assert sorted(vendor_examples()) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_vendor_example_parses_into_its_model_and_round_trips(name: str) -> None:
    example = vendor_examples()[name]
    event = parse_event(json.dumps(example).encode())
    assert type(event.model) is EXPECTED[name]
    assert (event.company_id, event.resource_id) == (example["company_id"], example["resource_id"])
    assert event.to_dict() == example
    assert parse_event(event.to_dict()).dedup_key == event.dedup_key


def _sale(**changes: Any) -> dict[str, Any]:
    payload = dict(vendor_examples()["GoodsOperationEvent"])
    payload.update(changes)
    return payload


def test_goods_operation_data_is_typed() -> None:
    event = parse_event(_sale())
    assert isinstance(event.model, GoodsOperationEvent)
    assert isinstance(event.data, GoodsOperations)
    assert event.data.amount == vendor_examples()["GoodsOperationEvent"]["data"]["amount"]


@pytest.mark.parametrize(
    "resource",
    [
        "goods_operations_sale",
        "goods_operations_receipt",
        "goods_operations_consumable",
        "goods_operations_stolen",
        "goods_operations_move",
    ],
)
def test_every_goods_operation_kind(resource: str) -> None:
    event = parse_event(_sale(resource=resource))
    assert isinstance(event.model, GoodsOperationEvent)
    assert event.kind == resource


def test_location_event_named_company() -> None:
    payload = dict(vendor_examples()["SalonEvent"], resource="company")
    event = parse_event(payload)
    assert isinstance(event.model, models.SalonEvent)
    assert (event.resource, event.kind) == ("company", "salon")
    assert event.to_dict() == payload  # sent as "company", kept as "company"
    salon = dict(payload, resource="salon")
    assert dedup_key(salon) == event.dedup_key


def test_related_objects_as_empty_lists_and_partial_data() -> None:
    data = {"id": 5, "amount": -2, "client": [], "master": [], "service": []}
    event = parse_event(_sale(data=data))
    assert isinstance(event.data, GoodsOperations)
    assert event.data.client == []
    assert event.data.master == []
    assert event.to_dict()["data"] == data
    with_client = parse_event(_sale(data={"client": {"id": 7, "name": "Ann"}}))
    assert isinstance(with_client.data, GoodsOperations)
    assert with_client.data.to_dict()["client"] == {"id": 7, "name": "Ann"}


def test_schedule_event_with_empty_data_and_missing_data() -> None:
    event = parse_event(vendor_examples()["ScheduleEvent"])
    assert isinstance(event.model, ScheduleEvent)
    assert event.data == []
    partial = parse_event(_sale(data=[]))  # "nothing" sent as [] for a typed event
    assert isinstance(partial.model, GoodsOperationEvent)
    assert partial.raw["data"] == []


def test_unknown_resource_is_kept_as_a_generic_event() -> None:
    payload = {"company_id": 1, "resource": "telephony_call", "resource_id": 9, "status": "create"}
    payload["data"] = {"x": 1}
    event = parse_event(json.dumps(payload))
    assert event.model is None
    assert event.data == {"x": 1}
    assert event.to_dict() == payload


@pytest.mark.parametrize(
    "body",
    [
        b"not json",
        b"\xff\xfe",
        b"[1, 2]",
        b"{}",
        json.dumps({"company_id": "1", "resource": "good", "resource_id": 1, "status": "update"}),
        json.dumps({"company_id": 1, "resource": "good", "resource_id": 1, "status": "moved"}),
        json.dumps(
            {
                "company_id": 1,
                "resource": "good",
                "resource_id": 1,
                "status": "update",
                "data": "oops",
            }
        ),
        json.dumps(
            {
                "company_id": 1,
                "resource": "salon",
                "resource_id": 1,
                "status": "update",
                "data": {"active": 7},
            }
        ),
    ],
)
def test_garbage_raises_a_typed_error(body: bytes | str) -> None:
    with pytest.raises(WebhookPayloadError) as caught:
        parse_event(body)
    assert isinstance(caught.value, AltegioError)


def test_dedup_key_separates_changes_and_matches_retries() -> None:
    first = _sale()
    again = json.loads(json.dumps(first))
    assert dedup_key(first) == dedup_key(again)
    other_amount = _sale(data={**first["data"], "amount": 99})
    deleted = _sale(status="delete")
    other_resource = _sale(resource_id=first["resource_id"] + 1)
    keys = {dedup_key(p) for p in (first, other_amount, deleted, other_resource)}
    assert len(keys) == 4
