"""The request bodies' TypedDicts (tools/gen_bodies.py -> altegio_client/_facade/bodies.py)."""

from __future__ import annotations

import inspect
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import altegio_client.models as public
from altegio_client import Altegio
from altegio_client._facade import bodies
from altegio_client.models import (
    AuthRequestDict,
    DocumentRequestDict,
    GoodsTransactionRequestDict,
    InventoryOperationRequestDict,
)

from ..generated.test_public_surface import reachable
from ..unit.helpers import LOCATION, Recorder, envelope, make_client

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))

import gen_bodies  # noqa: E402

SPEC: dict[str, Any] = json.loads(
    (ROOT / "altegio_client" / "_generated" / "openapi.json").read_text(encoding="utf-8")
)
SCHEMAS: dict[str, Any] = SPEC["components"]["schemas"]


def keys(typed_dict: Any) -> tuple[set[str], set[str]]:
    return set(typed_dict.__required_keys__), set(typed_dict.__optional_keys__)


def test_required_and_optional_keys_follow_the_spec() -> None:
    required, optional = keys(GoodsTransactionRequestDict)
    schema = SCHEMAS["GoodsTransactionRequest"]
    assert required == set(schema["required"]) >= {"document_id", "good_id", "amount"}
    assert optional == set(schema["properties"]) - required
    assert "master_id" in optional
    assert keys(DocumentRequestDict) == ({"type_id", "storage_id", "create_date"}, {"comment"})


def test_every_component_body_dict_has_exactly_the_spec_keys() -> None:
    checked = 0
    for name in bodies.__all__:
        schema = SCHEMAS.get(name.removesuffix("Dict"))
        if schema is None or "properties" not in schema:
            continue  # an inline schema (named by the generator) or a oneOf branch
        required, optional = keys(getattr(bodies, name))
        assert required | optional == set(schema["properties"]), name
        assert required == set(schema.get("required", [])), name
        checked += 1
    assert checked >= 60


def test_a_key_that_is_not_a_name_uses_the_functional_form() -> None:
    assert keys(AuthRequestDict) == ({"login", "password"}, {"2fa"})
    source = inspect.getsource(bodies)
    assert "AuthRequestDict = TypedDict(" in source
    assert '"2fa": NotRequired["TwoFactorAnswer | TwoFactorAnswerDict"]' in source


def test_dates_take_the_object_or_text_and_nested_objects_their_model_or_dict() -> None:
    annotations = InventoryOperationRequestDict.__annotations__
    assert str(annotations["create_date"]) == "typing.Required[datetime.datetime | str]"
    assert str(annotations["goods_transactions"]) == (
        "typing.Required[ForwardRef('Sequence[InventoryOperationTransaction | "
        "InventoryOperationTransactionDict]')]"
    )


def test_every_body_parameter_is_typed_with_its_dicts() -> None:
    surface = reachable(Altegio("p", "u"))
    free_form = gen_bodies.build(SPEC, {}).free_form
    with_body = 0
    for name, (_, _, method) in surface.items():
        parameter = inspect.signature(method).parameters.get("body")
        if parameter is None:
            continue
        with_body += 1
        annotation = str(parameter.annotation)
        assert "Dict" in annotation or "Mapping[str, Any]" in annotation, (name, annotation)
        if "Mapping[str, Any]" in annotation:  # only bodies that declare no keys
            model = annotation.split(" | ")[0]
            assert model in free_form, name
    assert with_body == 97


def test_public_names_and_a_lazy_import() -> None:
    assert public.GoodsTransactionRequestDict is GoodsTransactionRequestDict
    assert "GoodsTransactionRequestDict" in dir(public)
    assert "GoodsTransactionRequestDict" in public.__all__
    assert "Document" in public.__all__
    with pytest.raises(AttributeError):
        _ = public.NoSuchBodyDict
    code = (
        "import sys, altegio_client, altegio_client.models as m; "
        "m.Document; assert 'altegio_client._facade.bodies' not in sys.modules, 'eager'"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


SYNTHETIC: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {"title": "t", "version": "1"},
    "paths": {
        "/things": {
            "post": {
                "operationId": "create_thing",
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}
                    },
                },
                "responses": {"200": {"description": "ok"}},
            }
        },
        "/visits": {
            "post": {
                "operationId": "create_visit",
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/json": {"schema": {"$ref": "#/components/schemas/Visit"}}
                    },
                },
                "responses": {"200": {"description": "ok"}},
            }
        },
    },
    "components": {
        "schemas": {
            "Thing": {
                "type": "object",
                "required": ["id", "class", "when"],
                "properties": {
                    "id": {"type": "integer"},
                    "class": {"type": "string"},
                    "2fa": {"type": "boolean"},
                    "when": {"type": "string", "format": "date"},
                    "at": {"type": ["string", "null"], "format": "date-time"},
                    "size": {"type": "string", "enum": ["s", "m"]},
                    "tags": {"type": "array", "items": {"type": "string"}},
                    "extra": {"type": "object", "additionalProperties": True},
                    "owner": {
                        "type": "object",
                        "required": ["name"],
                        "properties": {"name": {"type": "string"}},
                    },
                    "price": {"type": ["number", "string"]},
                },
            },
            "Visit": {
                "type": "object",
                "properties": {"kind": {"type": "integer"}, "note": {"type": "string"}},
                "oneOf": [
                    {"required": ["kind", "note"], "properties": {"kind": {"type": "integer"}}},
                    {"required": ["kind"]},
                ],
            },
        }
    },
}


def synthetic_module(existing: dict[str, str]) -> dict[str, Any]:
    """The module tools/gen_bodies.py writes for SYNTHETIC, executed; ``existing`` stands in
    for the generated classes (the dicts name a model only when it exists)."""
    found = gen_bodies.build(SYNTHETIC, existing)
    namespace: dict[str, Any] = {}
    source = gen_bodies.module_source(found, "# banner\n")
    # dont_inherit: this file's `from __future__ import annotations` must not apply to it
    exec(compile(source, "bodies.py", "exec", dont_inherit=True), namespace)
    return namespace


def test_generator_on_a_small_spec() -> None:
    module = synthetic_module({"Thing": ".thing", "ThingOwner": ".thing_owner"})
    thing = module["ThingDict"]
    assert set(thing.__required_keys__) == {"id", "class", "when"}
    assert set(thing.__optional_keys__) == {
        "2fa", "at", "size", "tags", "extra", "owner", "price"
    }  # fmt: skip
    annotations = {key: str(value) for key, value in thing.__annotations__.items()}
    assert annotations["id"] == "typing.Required[int]"
    assert annotations["when"] == "typing.Required[datetime.date | str]"
    assert annotations["at"] == "typing.NotRequired[datetime.datetime | str | None]"
    assert annotations["size"] == "typing.NotRequired[typing.Literal['s', 'm']]"
    assert annotations["tags"] == "typing.NotRequired[collections.abc.Sequence[str]]"
    assert annotations["extra"] == "typing.NotRequired[collections.abc.Mapping[str, typing.Any]]"
    assert annotations["owner"] == "typing.NotRequired[ForwardRef('ThingOwner | ThingOwnerDict')]"
    assert annotations["price"] == "typing.NotRequired[float | str]"
    assert set(module["ThingOwnerDict"].__required_keys__) == {"name"}
    source = gen_bodies.module_source(gen_bodies.build(SYNTHETIC, {}), "")
    assert "ThingDict = TypedDict(" in source  # "class" and "2fa" are not usable names
    without_models = synthetic_module({})["ThingDict"].__annotations__
    assert str(without_models["owner"]) == "typing.NotRequired[ForwardRef('ThingOwnerDict')]"
    assert str(without_models["size"]) == "typing.NotRequired[typing.Literal['s', 'm']]"


def test_one_of_branches_keep_the_shared_properties() -> None:
    module = synthetic_module({})
    first, second = module["VisitType0Dict"], module["VisitType1Dict"]
    assert keys(first) == ({"kind", "note"}, set())
    assert keys(second) == ({"kind"}, {"note"})


async def test_a_typed_dict_body_is_sent_as_written() -> None:
    rec = Recorder(lambda request: envelope({"id": 1, "type_id": 3, "storage_id": 2}))
    body: DocumentRequestDict = {
        "type_id": 3,
        "comment": "as written",
        "create_date": "2026-09-21T23:00:00.000-05:00",  # not re-serialised: .000 and offset stay
        "storage_id": 36539,
    }
    async with make_client(rec) as api:
        await api.location(LOCATION).inventory.create_document(body=body)
    sent = json.dumps(body, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    assert rec.last.content == sent.encode()
