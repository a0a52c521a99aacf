"""The import step and the names table, on small bundles written here (no ../shared needed)."""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))

import import_spec  # noqa: E402
import names  # noqa: E402
from overlay import OverlayError, apply  # noqa: E402

BUNDLE: dict[str, Any] = {
    "openapi": "3.1.1",
    "info": {"title": "Vendor title", "version": "1.0.0", "description": "Vendor prose."},
    "tags": [{"name": "Widgets", "description": "Prose about widgets."}],
    "paths": {
        "/widgets/{location_id}": {
            "get": {
                "tags": ["Widgets"],
                "summary": "List widgets",
                "description": "Prose about listing.",
                "operationId": "list_widgets",
                "deprecated": True,
                "security": [{"BearerPartnerUser": []}],
                "parameters": [
                    {
                        "name": "location_id",
                        "in": "path",
                        "required": True,
                        "description": "Prose about the id.",
                        "schema": {"type": "number"},
                        "example": 4564,
                    }
                ],
                "responses": {
                    "200": {
                        "description": "Vendor words for OK",
                        "content": {
                            "application/json": {
                                "schema": {"$ref": "#/components/schemas/widget_list"},
                                "example": {"data": [{"title": "W", "description": "kept"}]},
                                "examples": {"one": {"summary": "Prose.", "value": {"data": []}}},
                            }
                        },
                    },
                    "404": {"$ref": "#/components/responses/404_not_found"},
                },
            }
        }
    },
    "components": {
        "schemas": {
            "widget_list": {
                "type": "object",
                "title": "Vendor title of a schema",
                "properties": {
                    "data": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "properties": {
                                "title": {"type": "string", "description": "Prose."},
                                "description": {"type": "string", "enum": ["a", "b"]},
                            },
                        },
                    }
                },
            },
            "widget_copy": {"type": "object", "properties": {"id": {"type": "integer"}}},
            "widget_twin": {"type": "object", "properties": {"id": {"type": "integer"}}},
        },
        "responses": {"404_not_found": {"description": "Not found words."}},
    },
}


def raw(bundle: dict[str, Any] = BUNDLE) -> bytes:
    return yaml.safe_dump(bundle, sort_keys=False).encode()


def imported(bundle: dict[str, Any] = BUNDLE) -> dict[str, Any]:
    text, _ = import_spec.import_bundle(raw(bundle), source="fixture", downloaded="2026-07-22")
    result: dict[str, Any] = yaml.safe_load(text)
    return result


def test_prose_is_left_out_and_every_fact_kept() -> None:
    doc = imported()
    op = doc["paths"]["/widgets/{location_id}"]["get"]
    for word in ("summary", "description"):
        assert word not in op
        assert word not in op["parameters"][0]
    assert "description" not in doc["info"]
    assert doc["tags"] == [{"name": "Widgets"}]
    # facts: ids, tags, security, deprecation, types, examples, enums, required flags
    assert (op["operationId"], op["tags"], op["deprecated"]) == ("list_widgets", ["Widgets"], True)
    assert op["security"] == [{"BearerPartnerUser": []}]
    assert op["parameters"][0] == {
        "name": "location_id",
        "in": "path",
        "required": True,
        "schema": {"type": "number"},
        "example": 4564,
    }
    item = doc["components"]["schemas"]["widget_list"]["properties"]["data"]["items"]
    # a field called `description` is a fact; its schema's prose is not
    assert item["properties"] == {
        "title": {"type": "string"},
        "description": {"type": "string", "enum": ["a", "b"]},
    }
    assert "title" not in doc["components"]["schemas"]["widget_list"]
    media = op["responses"]["200"]["content"]["application/json"]
    assert media["example"] == {"data": [{"title": "W", "description": "kept"}]}
    assert media["examples"] == {"one": {"value": {"data": []}}}


def test_responses_get_the_standard_phrase_not_the_vendors() -> None:
    doc = imported()
    assert doc["paths"]["/widgets/{location_id}"]["get"]["responses"]["200"]["description"] == "OK"
    assert doc["components"]["responses"]["404_not_found"]["description"] == "Not Found"


def test_import_is_a_pure_function_of_bytes_and_date() -> None:
    first = import_spec.import_bundle(raw(), source="fixture", downloaded="2026-07-22")
    second = import_spec.import_bundle(raw(), source="fixture", downloaded="2026-07-22")
    assert first == second
    lock = yaml.safe_load(first[1])
    assert lock["sha256"] == hashlib.sha256(raw()).hexdigest()
    assert (lock["downloaded"], lock["bytes"]) == ("2026-07-22", len(raw()))


def test_importing_an_imported_spec_changes_nothing() -> None:
    text, _ = import_spec.import_bundle(raw(), source="fixture", downloaded="2026-07-22")
    again, _ = import_spec.import_bundle(text.encode(), source="x", downloaded="2026-07-22")
    assert again == text


@pytest.mark.parametrize(
    ("data", "date", "message"),
    [
        (b"not: [valid", "2026-07-22", "not YAML"),
        (b"swagger: '2.0'", "2026-07-22", "not an OpenAPI 3"),
        (raw(), "22.07.2026", "YYYY-MM-DD"),
    ],
)
def test_bad_input_is_refused(data: bytes, date: str, message: str) -> None:
    with pytest.raises(import_spec.ImportError_, match=message):
        import_spec.import_bundle(data, source="x", downloaded=date)


TABLE: dict[str, Any] = {
    "tags": {"Widgets": "widgets"},
    "schemas": {"widget_list": "WidgetListReply", "widget_copy": "Twin", "widget_twin": "Twin"},
    "models": {"Widget": "#/components/schemas/widget_list/properties/data/items"},
}


def test_names_rename_merge_equal_shapes_and_hoist() -> None:
    doc = names.apply(imported(), TABLE)
    schemas = doc["components"]["schemas"]
    assert set(schemas) == {"WidgetListReply", "Twin", "Widget"}
    assert schemas["WidgetListReply"]["properties"]["data"]["items"] == {
        "$ref": "#/components/schemas/Widget"
    }
    op = doc["paths"]["/widgets/{location_id}"]["get"]
    assert op["tags"] == ["widgets"]
    assert op["x-vendor-tag"] == "Widgets"
    media = op["responses"]["200"]["content"]["application/json"]
    assert media["schema"] == {"$ref": "#/components/schemas/WidgetListReply"}


def test_a_vendor_rename_stops_the_build_naming_both_keys() -> None:
    bundle = imported()
    schemas = bundle["components"]["schemas"]
    schemas["widget_list_v2"] = schemas.pop("widget_list")
    with pytest.raises(names.NamesError) as caught:
        names.apply(bundle, TABLE)
    message = str(caught.value)
    assert "`widget_list_v2` has no public name" in message
    assert "`widget_list` -> WidgetListReply: no such component" in message


def test_one_name_for_two_different_shapes_is_refused() -> None:
    bundle = imported()
    bundle["components"]["schemas"]["widget_twin"]["properties"]["id"]["type"] = "string"
    with pytest.raises(names.NamesError, match="another component has that name and differs"):
        names.apply(bundle, TABLE)


def test_overlay_extensions_rename_keys_and_filter_by_key() -> None:
    overlay = {
        "overlay": "1.0.0",
        "actions": [
            {
                "target": "$.paths['/widgets/{location_id}'].get.responses['200'].content",
                "update": {"*/*": {"schema": {"type": "object"}}},
            },
            {
                "target": "$.paths.*.*.responses['200'].content['*/*']",
                "x-rename-key": "text/plain",
            },
            {
                "target": "$..properties[?(@.type == 'integer')]",
                "x-where-key": "^id$",
                "update": {"type": ["integer", "string"]},
            },
        ],
    }
    doc = apply(imported(), overlay)
    content = doc["paths"]["/widgets/{location_id}"]["get"]["responses"]["200"]["content"]
    assert list(content) == ["application/json", "text/plain"]
    assert doc["components"]["schemas"]["widget_copy"]["properties"]["id"]["type"] == [
        "integer",
        "string",
    ]


def test_overlay_names_each_target_that_matches_nothing_with_its_reason() -> None:
    overlay = {
        "overlay": "1.0.0",
        "actions": [
            {"target": "$.paths['/gone']", "description": "fixes a gone path", "remove": True},
            {"target": "$.components.schemas.nope", "remove": True},
        ],
    }
    with pytest.raises(OverlayError) as caught:
        apply(imported(), overlay)
    assert "action 1: $.paths['/gone']" in str(caught.value)
    assert "it fixed: fixes a gone path" in str(caught.value)
    assert "action 2: $.components.schemas.nope" in str(caught.value)
