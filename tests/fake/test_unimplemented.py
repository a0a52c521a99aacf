"""Anything the fake does not implement answers 501 naming it, never a silent success."""

from __future__ import annotations

import copy

import httpx

from altegio_client.testing import FakeAltegio
from altegio_client.testing._validation import load_default_spec

from ._helpers import auth_header


async def test_path_outside_the_spec_is_501(fake: FakeAltegio) -> None:
    demo = fake.demo
    async with httpx.AsyncClient(transport=fake.transport, base_url=fake.base_url) as raw:
        response = await raw.get(
            f"/records/{demo.location_id}/77", headers=auth_header(demo.partner_token)
        )
    assert response.status_code == 501
    body = response.json()
    assert (body["success"], body["data"]) == (False, None)
    assert f"GET /records/{demo.location_id}/77" in body["meta"]["message"]


async def test_spec_operation_without_a_handler_is_501_naming_it() -> None:
    spec = copy.deepcopy(load_default_spec())
    spec["paths"]["/records/{location_id}/{record_id}"] = {
        "get": {
            "operationId": "get_record",
            "security": [{"BearerPartnerUser": []}],
            "parameters": [
                {
                    "name": "location_id",
                    "in": "path",
                    "required": True,
                    "schema": {"type": "integer"},
                },
                {
                    "name": "record_id",
                    "in": "path",
                    "required": True,
                    "schema": {"type": "integer"},
                },
            ],
            "responses": {"200": {"description": "ok"}},
        }
    }
    fake = FakeAltegio(rate_limit=None, validate_responses=True, spec=spec)
    demo = fake.demo
    async with httpx.AsyncClient(transport=fake.transport, base_url=fake.base_url) as raw:
        response = await raw.get(
            f"/records/{demo.location_id}/77",
            headers=auth_header(demo.partner_token, demo.user_token),
        )
    assert response.status_code == 501
    assert "get_record" in response.json()["meta"]["message"]
