"""Static checks of the facade's signatures; mypy reads this file, nothing runs it.

``assert_type`` fails the lint when a result type drifts, and each ``# type: ignore[arg-type]``
fails it (warn_unused_ignores) if mypy stops rejecting a wrongly typed argument.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import assert_type

from altegio_client import (
    Altegio,
    APIResponse,
    AsyncPaginator,
    ChainScope,
    LocationScope,
    LoggedIn,
    Meta,
    Page,
    TwoFactorRequired,
)
from altegio_client.models import (
    Appointment,
    AuthUser,
    Chain,
    ChainClients,
    Client,
    Document,
    GoodsTransaction,
    LocationListItem,
    ProductListItem,
    Storage,
    TransactionSearchItem,
)
from altegio_client.models import Location as LocationModel


async def scoped_calls(api: Altegio) -> None:
    shop = api.location(4564)
    assert_type(shop, LocationScope)
    assert_type(await shop.inventory.get_document(1), Document)
    assert_type(await shop.inventory.get_location_inventories(), list[Storage])
    assert_type(await shop.inventory.get_transaction(5), GoodsTransaction)
    assert_type(await shop.inventory.delete_document(1), None)
    assert_type(await shop.products.get_products_list(), list[ProductListItem])
    assert_type(await shop.locations.get_location(), LocationModel)
    assert_type(
        await shop.inventory.create_document(
            body={"create_date": "2026-09-21", "storage_id": 1, "type_id": 3}
        ),
        Document,
    )
    assert_type(
        await shop.inventory.search_for_product_transactions(page=1, count=50),
        list[TransactionSearchItem],
    )


async def other_sections(api: Altegio) -> None:
    chain = api.chain(7)
    assert_type(chain, ChainScope)
    assert_type(await chain.chains.get_chain_client_by_phone_number(phone="1"), ChainClients)
    assert_type(await api.location(4564).clients.get_client(1), Client)
    visit = await api.location(4564).appointments.get_appointment(22255503)  # README's example
    assert_type(visit, Appointment)
    await chain.chains.get_chain_client_by_phone_number(phone=1)  # type: ignore[arg-type]


async def root_calls(api: Altegio) -> None:
    assert_type(await api.locations.get_location_list(), list[LocationListItem])
    assert_type(await api.chains.get_chain_list(), list[Chain])
    assert_type(
        await api.authentication_b2b.authorize_user(body={"login": "l", "password": "p"}),
        AuthUser,
    )
    result = await api.login("l", "p")
    assert_type(result, LoggedIn | TwoFactorRequired)
    if isinstance(result, TwoFactorRequired):
        assert_type(result.uuid, str)
        assert_type(result.attempts_left, int | None)
        assert_type(await api.confirm_login(result, "123456"), LoggedIn | TwoFactorRequired)
        await api.confirm_login(result, 123456)  # type: ignore[arg-type]


async def raw_calls(api: Altegio) -> None:
    shop = api.location(4564)
    raw = await shop.inventory.with_raw_response.get_document(1)
    assert_type(raw, APIResponse[Document])
    assert_type(raw.data, Document)
    assert_type(raw.status_code, int)
    assert_type(raw.request_id, str | None)
    listed = await shop.inventory.with_raw_response.get_location_inventories()
    assert_type(listed, APIResponse[list[Storage]])
    assert_type(
        await api.locations.with_raw_response.get_location_list(),
        APIResponse[list[LocationListItem]],
    )


async def pagination(api: Altegio) -> None:
    shop = api.location(4564)
    paginator = api.paginate(shop.inventory.search_for_product_transactions, count=50)
    assert_type(paginator, AsyncPaginator[TransactionSearchItem])
    async for item in paginator:
        assert_type(item, TransactionSearchItem)
    async for page in paginator.pages():
        assert_type(page, Page[TransactionSearchItem])
        assert_type(page.items, list[TransactionSearchItem])
        assert_type(page.meta, Meta)
        assert_type(page.meta.total_count, int | None)


async def typed_pagination(api: Altegio) -> None:
    shop = api.location(4564)
    walk = shop.inventory.paginate_search_for_product_transactions(
        start_date="2026-09-01", end_date="2026-09-30", page_size=100
    )
    assert_type(walk, AsyncPaginator[TransactionSearchItem])
    async for item in walk:
        assert_type(item, TransactionSearchItem)
    async for page in walk.pages():
        assert_type(page, Page[TransactionSearchItem])
    assert_type(api.locations.paginate_get_location_list(), AsyncPaginator[LocationListItem])
    shop.inventory.paginate_search_for_product_transactions(start_dat="2026-09-01")  # type: ignore[call-arg]
    shop.inventory.paginate_search_for_product_transactions(page=2)  # type: ignore[call-arg]
    shop.inventory.paginate_search_for_product_transactions(document_id="7")  # type: ignore[arg-type]
    shop.inventory.paginate_search_for_product_transactions(page_size="50")  # type: ignore[arg-type]


async def wrong_argument_types(api: Altegio) -> None:
    shop = api.location(4564)
    await shop.inventory.get_document("1")  # type: ignore[arg-type]
    await shop.inventory.search_for_product_transactions(count="50")  # type: ignore[arg-type]
    await shop.inventory.create_document(body=42)  # type: ignore[arg-type]
    api.location("4564")  # type: ignore[arg-type]
    await shop.inventory.get_document(1, 2)  # type: ignore[call-arg]
    await api.locations.get_location_list(page=1.5)  # type: ignore[arg-type]


async def date_arguments(api: Altegio) -> None:
    shop = api.location(4564)
    day = date(2025, 1, 17)
    # x-date-format parameters (sent as 17.01.2025, 20250117, ...) take a date or text
    await api.appointments.get_partner_appointment_list(start_date=day, end_date="18.01.2025")
    await shop.payments.get_transactions(start_date=datetime(2025, 12, 1), end_date="20251231")
    await shop.schedule.get_team_member_schedule(9, day, "20251231")
    # format: date parameters take a date or ISO 8601 text
    await shop.appointments.get_appointment_list(start_date=day, end_date="2025-01-31")
    shop.appointments.paginate_get_appointment_list(changed_after=datetime(2026, 1, 21))
    await api.appointments.get_partner_appointment_list(start_date=5)  # type: ignore[arg-type]
    await shop.appointments.get_appointment_list(start_date=5)  # type: ignore[arg-type]
