"""Models read None for a field that is absent, yet remember what arrived and what was given.

Replies must round-trip as they came (absent stays absent, null stays null), and a body built
from a model must send only the fields the caller set (a partial PUT never sends null for a
field the caller did not touch).
"""

from __future__ import annotations

import copy
import datetime
import json
import pickle

import pytest

from altegio_client.models import Document, DocumentRequest, TransactionSearchItem

from .helpers import LOCATION, Recorder, envelope, make_client

ARRIVED = {
    "id": 22255503,
    "comment": None,  # explicit null
    "storage": {"id": 36539, "title": "Products"},
    "brand_new_field": {"kept": [1, 2]},
}


def test_absent_reads_none_and_is_not_set() -> None:
    document = Document.from_dict(ARRIVED)
    assert document.user_id is None
    assert document.comment is None
    assert "user_id" not in document.fields_set
    assert "comment" in document.fields_set  # null arrived: that is a value
    assert document.fields_set == {"id", "comment", "storage"}


def test_to_dict_reproduces_what_arrived() -> None:
    document = Document.from_dict(ARRIVED)
    assert document.to_dict() == ARRIVED
    assert json.dumps(document.to_dict(), sort_keys=True) == json.dumps(ARRIVED, sort_keys=True)
    assert document.additional_properties == {"brand_new_field": {"kept": [1, 2]}}


def test_numbers_sent_as_strings_are_numbers_in_the_same_step() -> None:
    item = TransactionSearchItem.from_dict({"id": "7", "cost": "0.00", "good": {"id": "12"}})
    assert (item.id, item.cost) == (7, 0.0)
    assert item.good is not None
    assert item.good.id == 12
    assert item.to_dict() == {"id": 7, "cost": 0.0, "good": {"id": 12}}


def test_constructor_sets_only_what_it_is_given() -> None:
    when = datetime.datetime(
        2026, 9, 21, 23, tzinfo=datetime.timezone(datetime.timedelta(hours=-5))
    )
    body = DocumentRequest(type_id=3, storage_id=36539, create_date=when)
    assert body.comment is None
    assert body.fields_set == {"type_id", "storage_id", "create_date"}
    assert body.to_dict() == {
        "type_id": 3,
        "storage_id": 36539,
        "create_date": "2026-09-21T23:00:00-05:00",
    }
    body.comment = None  # an explicit None is sent as null
    assert body.to_dict()["comment"] is None
    del body.comment  # and deleting makes the field absent again
    assert "comment" not in body.to_dict()
    assert body.comment is None


def test_a_misspelled_field_is_still_an_attribute_error() -> None:
    document = Document.from_dict(ARRIVED)
    with pytest.raises(AttributeError, match="documnet_id"):
        getattr(document, "documnet_id")  # noqa: B009 - the point is the dynamic lookup


def test_copy_and_pickle_keep_absent_fields_absent() -> None:
    document = Document.from_dict(ARRIVED)
    for clone in (
        copy.copy(document),
        copy.deepcopy(document),
        pickle.loads(pickle.dumps(document)),
    ):
        assert clone == document
        assert clone.fields_set == document.fields_set
        assert clone.to_dict() == ARRIVED


def test_repr_shows_the_fields_that_are_set() -> None:
    assert repr(Document(id=1, comment=None)) == "Document(id=1, comment=None)"


async def test_a_model_body_sends_only_the_fields_set() -> None:
    rec = Recorder(lambda request: envelope({"id": 7, "type_id": 3, "storage_id": 36539}))
    when = datetime.datetime.fromisoformat("2026-09-21T23:00:00-05:00")
    body = DocumentRequest(type_id=3, storage_id=36539, create_date=when)
    async with make_client(rec) as api:
        await api.location(LOCATION).inventory.update_document(7, body=body)
        body.comment = None
        await api.location(LOCATION).inventory.update_document(7, body=body)
    first, second = rec.bodies()
    sent = {"type_id": 3, "storage_id": 36539, "create_date": "2026-09-21T23:00:00-05:00"}
    assert first == sent  # comment never set: not sent at all
    assert second == {**sent, "comment": None}  # set to None: sent as null
