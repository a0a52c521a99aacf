"""Date arguments: date/datetime objects go out in the form the vendor reads, text as written.

Parameters with ``format: date``/``date-time`` take the objects or ISO 8601 text; parameters the
overlay marks ``x-date-format`` (the vendor's own forms: dd.mm.yyyy, yyyymmdd, ...) take the
objects, formatted with that pattern, or any text.
"""

from __future__ import annotations

import datetime
import importlib
import json
import pkgutil
from pathlib import Path
from typing import Any

import pytest

import altegio_client
import altegio_client._facade as facade_package
from altegio_client import InvalidRequestError
from altegio_client._operation import Operation

from .helpers import LOCATION, Recorder, envelope, make_client

JAN_17 = datetime.date(2025, 1, 17)
EST = datetime.timezone(datetime.timedelta(hours=-5))


def rec_list() -> Recorder:
    return Recorder(lambda request: envelope([]))


def sent(rec: Recorder) -> dict[str, str]:
    return dict(rec.last.url.params)


async def test_partner_appointments_send_day_month_year() -> None:
    rec = rec_list()
    async with make_client(rec) as api:
        await api.appointments.get_partner_appointment_list(
            start_date=JAN_17,
            end_date=datetime.datetime(2025, 1, 31, 18, 45),  # a datetime: its date part
            created_start_date="01.12.2024",  # text: sent as written
            created_end_date="yesterday",  # any text; the vendor decides
        )
    assert sent(rec) == {
        "start_date": "17.01.2025",
        "end_date": "31.01.2025",
        "created_start_date": "01.12.2024",
        "created_end_date": "yesterday",
    }


@pytest.mark.parametrize(
    ("tag", "operation"),
    [("payments", "get_transactions"), ("fiscalization", "get_fiscal_transaction_list")],
)
async def test_transaction_periods_send_year_month_day_run_together(
    tag: str, operation: str
) -> None:
    rec = rec_list()
    async with make_client(rec) as api:
        method = getattr(getattr(api.location(LOCATION), tag), operation)
        await method(start_date=datetime.date(2025, 12, 1), end_date="20251231")
    assert sent(rec) == {"start_date": "20251201", "end_date": "20251231"}


async def test_path_dates_use_the_pattern_too() -> None:
    rec = rec_list()
    async with make_client(rec) as api:
        schedule = api.location(LOCATION).schedule
        await schedule.get_team_member_schedule(9, datetime.date(2025, 12, 1), "20251231")
        await schedule.get_appointment_calendar_dates(datetime.date(2026, 9, 30))
        await schedule.get_appointment_calendar_dates("2026-10-01")
    paths = [r.url.path for r in rec.requests]
    assert paths == [
        f"/api/v1/schedule/{LOCATION}/9/20251201/20251231",
        f"/api/v1/timetable/dates/{LOCATION}/2026-09-30",
        f"/api/v1/timetable/dates/{LOCATION}/2026-10-01",
    ]


async def test_date_times_in_the_vendors_forms() -> None:
    rec = Recorder(lambda request: envelope([] if "records" in request.url.path else {}))
    async with make_client(rec) as api:
        shop = api.location(LOCATION)
        await shop.appointments.get_appointment_list(
            changed_after=datetime.datetime(2026, 1, 21, 23, 0), changed_before=JAN_17
        )
        assert sent(rec) == {
            "changed_after": "2026-01-21T23:00:00",
            "changed_before": "2025-01-17T00:00:00",
        }
        await shop.products.get_product(
            5, changed_before=datetime.datetime(2026, 1, 1, 12, 0, tzinfo=EST)
        )
        assert sent(rec) == {"changed_before": "2026-01-01T12:00:00-0500"}


async def test_iso_dates_take_objects_or_iso_text() -> None:
    rec = rec_list()
    async with make_client(rec) as api:
        shop = api.location(LOCATION)
        await shop.appointments.get_appointment_list(start_date=JAN_17, end_date="2025-01-31")
        assert sent(rec) == {"start_date": "2025-01-17", "end_date": "2025-01-31"}
        await shop.events.search_events(from_=datetime.date(2026, 6, 1), till="2026-07-15")
        assert sent(rec) == {"from": "2026-06-01", "till": "2026-07-15"}
        await shop.appointments.get_comments(start_date="2026-09-30")
        assert sent(rec) == {"start_date": "2026-09-30"}
        with pytest.raises(InvalidRequestError, match="start_date must be date or ISO 8601 str"):
            await shop.appointments.get_appointment_list(start_date="17.01.2025")
    assert rec.count == 3


async def test_typed_pagination_formats_dates_on_every_page() -> None:
    pages = iter([[{"id": 1}], []])
    rec = Recorder(lambda request: envelope(next(pages), meta={"total_count": 1}))
    async with make_client(rec) as api:
        walk = api.location(LOCATION).appointments.paginate_get_appointment_list(
            changed_after=datetime.datetime(2026, 1, 21, 23, 0), page_size=1
        )
        items = [item async for item in walk]
    assert len(items) == 1
    assert {r.url.params["changed_after"] for r in rec.requests} == {"2026-01-21T23:00:00"}


@pytest.mark.parametrize("value", [5, 20250117, 1.5, True, ["17.01.2025"], object()])
async def test_wrong_types_are_refused_before_sending(value: Any) -> None:
    rec = rec_list()
    async with make_client(rec) as api:
        shop = api.location(LOCATION)
        with pytest.raises(InvalidRequestError, match=r"start_date must be date or str"):
            await api.appointments.get_partner_appointment_list(start_date=value)
        with pytest.raises(InvalidRequestError, match=r"start_date must be date or str"):
            await shop.payments.get_transactions(start_date=value)
        with pytest.raises(InvalidRequestError, match=r"start_date must be date"):
            await shop.appointments.get_appointment_list(start_date=value)
        with pytest.raises(InvalidRequestError, match=r"end_date must be date or str"):
            await shop.schedule.get_team_member_schedule(9, "20251201", value)
    assert rec.count == 0


def _facade_date_formats() -> dict[str, dict[str, str]]:
    found: dict[str, dict[str, str]] = {}
    for info in pkgutil.iter_modules(facade_package.__path__):
        module = importlib.import_module(f"{facade_package.__name__}.{info.name}")
        for value in vars(module).values():
            if isinstance(value, Operation) and value.date_formats:
                found[value.name] = dict(value.date_formats)
    return found


def test_every_x_date_format_in_the_spec_reaches_the_facade() -> None:
    spec_file = Path(altegio_client.__file__).parent / "_generated" / "openapi.json"
    spec = json.loads(spec_file.read_text(encoding="utf-8"))
    shared = spec["components"].get("parameters", {})
    expected: dict[str, dict[str, str]] = {}
    for item in spec["paths"].values():
        for op in item.values():
            if not isinstance(op, dict):
                continue
            for param in op.get("parameters", []):
                param = shared.get(param.get("$ref", "").rsplit("/", 1)[-1], param)
                pattern = param.get("schema", {}).get("x-date-format")
                if pattern:
                    expected.setdefault(op["operationId"], {})[param["name"]] = pattern
    assert expected == _facade_date_formats()
    assert expected["get_partner_appointment_list"]["start_date"] == "%d.%m.%Y"
