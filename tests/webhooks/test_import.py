"""The webhook import: deterministic, namespaced, and what generation is built from."""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

import pytest
import yaml
from openapi_spec_validator import validate

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))

import gen_webhooks  # noqa: E402
import import_spec  # noqa: E402

COMMITTED = ROOT / "webhooks.openapi.yaml"


def test_committed_file_is_valid_namespaced_and_prose_free() -> None:
    doc = yaml.safe_load(COMMITTED.read_text(encoding="utf-8"))
    validate(doc)
    schemas = doc["components"]["schemas"]
    assert schemas
    assert all(name.startswith("webhook_") for name in schemas)
    assert "webhook_loyalty_card" in schemas  # kept apart from openapi.yaml's loyalty_card
    assert len(doc["webhooks"]) == 11
    assert import_spec._strip(doc)["webhooks"] == doc["webhooks"]  # nothing left to strip
    assert import_spec._strip(schemas) == schemas


def test_reimporting_the_committed_file_gives_it_back() -> None:
    raw = COMMITTED.read_bytes()
    text, lock = import_spec.import_webhooks(raw, source="here", downloaded="2026-07-22")
    assert text == COMMITTED.read_text(encoding="utf-8")
    assert yaml.safe_load(lock)["sha256"] == hashlib.sha256(raw).hexdigest()


def test_import_strips_prose_prefixes_names_and_keeps_only_used_schemas() -> None:
    bundle = {
        "openapi": "3.1.1",
        "info": {"title": "Vendor", "version": "2", "description": "prose"},
        "paths": {},
        "components": {
            "schemas": {
                "good": {
                    "type": "object",
                    "description": "prose",
                    "properties": {"unit": {"$ref": "#/components/schemas/unit"}},
                },
                "unit": {"type": "object", "title": "prose"},
                "unused": {"type": "string"},
            }
        },
        "webhooks": {
            "GoodEvent": {
                "post": {
                    "summary": "prose",
                    "requestBody": {
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "object",
                                    "properties": {"data": {"$ref": "#/components/schemas/good"}},
                                },
                                "example": {"data": {"description": "a field, kept"}},
                            }
                        }
                    },
                }
            }
        },
    }
    text, _ = import_spec.import_webhooks(
        yaml.safe_dump(bundle).encode(), source="x", downloaded="2026-01-01"
    )
    doc = yaml.safe_load(text)
    assert sorted(doc["components"]["schemas"]) == ["webhook_good", "webhook_unit"]
    good = doc["components"]["schemas"]["webhook_good"]
    assert good == {
        "type": "object",
        "properties": {"unit": {"$ref": "#/components/schemas/webhook_unit"}},
    }
    post = doc["webhooks"]["GoodEvent"]["post"]
    assert "summary" not in post
    body = post["requestBody"]["content"]["application/json"]
    assert body["example"] == {"data": {"description": "a field, kept"}}
    assert body["schema"]["properties"]["data"]["$ref"] == "#/components/schemas/webhook_good"


@pytest.mark.parametrize(
    ("raw", "message"),
    [(b"openapi: '3.1.0'\npaths: {}\n", "no top-level"), (b"[1", "not YAML"), (b"{}", "3.x")],
)
def test_import_refuses_what_is_not_a_bundle_with_webhooks(raw: bytes, message: str) -> None:
    with pytest.raises(import_spec.ImportError_, match=message):
        import_spec.import_webhooks(raw, source="x", downloaded="2026-01-01")


def test_synthetic_spec_has_one_envelope_per_event_tolerant_of_quirks() -> None:
    spec = gen_webhooks.synthetic_spec(yaml.safe_load(COMMITTED.read_text(encoding="utf-8")))
    schemas = spec["components"]["schemas"]
    events = [name for name in schemas if name.endswith("Event")]
    assert len(events) == 11
    sale = schemas["GoodsOperationEvent"]
    assert "enum" not in sale["properties"]["resource"]
    assert "data" not in sale["required"]
    client = schemas["goods_operations"]["properties"]["client"]
    assert {"type": "array", "maxItems": 0, "items": {}} in client["oneOf"]
    assert "required" not in schemas["loyalty_card"]


def test_committed_models_match_a_fresh_generation(tmp_path: Path) -> None:
    # The same comparison `tools/generate.py --check` makes, for the webhook package only.
    import generate

    gen_webhooks.build(tmp_path / "fresh")
    assert generate.tree(tmp_path / "fresh") == generate.tree(gen_webhooks.TARGET)


def test_the_subscription_path_comes_along_with_its_schemas_namespaced() -> None:
    bundle = {
        "openapi": "3.1.1",
        "info": {"title": "Vendor", "version": "2"},
        "paths": {
            "/hooks_settings/{location_id}": {
                "get": {
                    "operationId": "get_event_notification_settings",
                    "description": "prose",
                    "responses": {
                        "200": {
                            "description": "OK",
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": "#/components/schemas/settings"}
                                }
                            },
                        }
                    },
                }
            },
            "/elsewhere": {"get": {"operationId": "not_kept", "responses": {}}},
        },
        "components": {"schemas": {"settings": {"type": "object"}, "good": {"type": "object"}}},
        "webhooks": {
            "GoodEvent": {
                "post": {
                    "requestBody": {
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/good"}}
                        }
                    }
                }
            }
        },
    }
    doc = import_spec.import_webhooks_document(bundle)
    assert list(doc["paths"]) == ["/hooks_settings/{location_id}"]
    get = doc["paths"]["/hooks_settings/{location_id}"]["get"]
    assert "description" not in get
    schema = get["responses"]["200"]["content"]["application/json"]["schema"]
    assert schema == {"$ref": "#/components/schemas/webhook_settings"}
    assert set(doc["components"]["schemas"]) == {"webhook_settings", "webhook_good"}
