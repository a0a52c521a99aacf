"""Arguments are checked against the generated signatures before anything is sent."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import httpx
import pytest

from altegio_client import InvalidRequestError
from altegio_client.models import (
    AppointmentConsumablesRequestConsumablesItemDict,
    DocumentRequest,
    InventoryOperationTransaction,
)

from .helpers import DOC_BODY, LOCATION, Recorder, envelope, make_client

DOCUMENT = {"id": 22255503, "type_id": 3, "storage_id": 36539}


def rec_ok() -> Recorder:
    return Recorder(lambda request: envelope(DOCUMENT))


async def test_dict_body_is_sent_as_json() -> None:
    rec = rec_ok()
    async with make_client(rec) as api:
        document = await api.location(LOCATION).inventory.create_document(body=DOC_BODY)
    assert document.id == 22255503
    assert rec.bodies() == [DOC_BODY]
    assert rec.last.headers["Content-Type"] == "application/json"


async def test_generated_model_body_is_sent_as_json() -> None:
    rec = rec_ok()
    # the vendor types create_date as date-time: a model carries a datetime, sent as ISO 8601
    when = datetime.fromisoformat("2026-09-21T23:00:00.000-05:00")
    body = DocumentRequest(create_date=when, storage_id=36539, type_id=3, comment="x")
    async with make_client(rec) as api:
        await api.location(LOCATION).inventory.update_document(7, body=body)
    assert rec.bodies() == [{**DOC_BODY, "create_date": when.isoformat(), "comment": "x"}]
    assert rec.last.url.path == f"/api/v1/storage_operations/documents/{LOCATION}/7"


async def test_unknown_body_fields_pass_through() -> None:
    rec = rec_ok()
    async with make_client(rec) as api:
        # a field the spec does not declare: mypy refuses it, the runtime sends it on
        body = {**DOC_BODY, "new": 1}
        await api.location(LOCATION).inventory.create_document(body=body)  # type: ignore[arg-type]
    assert rec.bodies() == [{**DOC_BODY, "new": 1}]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"storage_id": 36539, "type_id": 3}, "missing the required field 'create_date'"),
        ({**DOC_BODY, "storage_id": "abc"}, "body.storage_id must be int"),
        ({**DOC_BODY, "type_id": 3.5}, "body.type_id must be int"),
        ({**DOC_BODY, "type_id": True}, "body.type_id must be int"),
        ({**DOC_BODY, "comment": 12}, "body.comment must be str"),
        ({**DOC_BODY, "create_date": None}, "body.create_date must be datetime, got None"),
    ],
)
async def test_bad_dict_body_is_refused_before_sending(body: Any, message: str) -> None:
    rec = rec_ok()
    async with make_client(rec) as api:
        with pytest.raises(InvalidRequestError) as caught:
            await api.location(LOCATION).inventory.create_document(body=body)
    assert message in str(caught.value)
    assert "create_document()" in str(caught.value)
    assert rec.count == 0


async def test_body_that_is_not_a_mapping_is_refused() -> None:
    rec = rec_ok()
    async with make_client(rec) as api:
        with pytest.raises(InvalidRequestError, match="body must be DocumentRequest or a mapping"):
            await api.location(LOCATION).inventory.create_document(body=[1, 2])  # type: ignore[arg-type]
    assert rec.count == 0


async def test_nested_body_items_are_checked() -> None:
    item: AppointmentConsumablesRequestConsumablesItemDict = {
        "amount": 1.5,
        "good_id": 1,
        "goods_transaction_id": 2,
        "price": 10,
        "record_id": 3,
        "service_id": 4,
        "storage_id": 5,
    }
    rec = Recorder(lambda request: envelope([]))
    async with make_client(rec) as api:
        consumables = api.location(LOCATION).inventory
        with pytest.raises(InvalidRequestError, match=r"body\.consumables\[1\]\.good_id"):
            await consumables.update_appointment_service_consumables(
                3,
                4,
                body={"consumables": [item, {**item, "good_id": "x"}]},  # type: ignore[arg-type]
            )
        assert rec.count == 0
        await consumables.update_appointment_service_consumables(3, 4, body={"consumables": [item]})
    assert rec.bodies() == [{"consumables": [item]}]
    assert rec.last.method == "PUT"


async def test_wrong_path_parameter_type_is_refused() -> None:
    rec = rec_ok()
    async with make_client(rec) as api:
        inventory = api.location(LOCATION).inventory
        with pytest.raises(InvalidRequestError, match="document_id must be int"):
            await inventory.get_document("42")  # type: ignore[arg-type]
        with pytest.raises(InvalidRequestError, match="document_id must be int"):
            await inventory.get_document(True)
        with pytest.raises(InvalidRequestError, match="document_id must be int"):
            await inventory.get_document(None)  # type: ignore[arg-type]
        with pytest.raises(InvalidRequestError, match="location_id must be an int, got str"):
            api.location("4564")  # type: ignore[arg-type]
    assert rec.count == 0


async def test_wrong_query_parameter_type_is_refused() -> None:
    rec = Recorder(lambda request: envelope([]))
    async with make_client(rec) as api:
        inventory = api.location(LOCATION).inventory
        with pytest.raises(InvalidRequestError, match="count must be"):
            await inventory.search_for_product_transactions(count="10")  # type: ignore[arg-type]
        assert rec.count == 0
        await inventory.search_for_product_transactions(count=10, start_date="2026-01-01")
    assert dict(rec.last.url.params) == {"count": "10", "start_date": "2026-01-01"}


async def test_unexpected_keyword_is_a_type_error() -> None:
    rec = rec_ok()
    async with make_client(rec) as api:
        with pytest.raises(TypeError):
            await api.location(LOCATION).inventory.get_document(1, bogus=2)  # type: ignore[call-arg]
    assert rec.count == 0


def test_httpx_is_the_transport_layer() -> None:
    # guards the helper: a MockTransport really is an AsyncBaseTransport the client accepts
    assert isinstance(httpx.MockTransport(lambda r: envelope(None)), httpx.AsyncBaseTransport)


async def test_models_nested_in_a_dict_body_are_sent_as_their_json() -> None:
    rec = Recorder(
        lambda request: envelope({"document": {"id": 1}, "transactions": []}),
    )
    item = InventoryOperationTransaction(
        good_id=1, amount=-2, cost_per_unit=5, discount=0, cost=10, operation_unit_type=1
    )
    async with make_client(rec) as api:
        await api.location(LOCATION).inventory.create_inventory_operation(
            body={
                "create_date": DOC_BODY["create_date"],
                "storage_id": DOC_BODY["storage_id"],
                "type_id": DOC_BODY["type_id"],
                "goods_transactions": [item],
            }
        )
    assert rec.bodies() == [{**DOC_BODY, "goods_transactions": [item.to_dict()]}]
