"""Putting data into the fake from a test: the seeding API and the demo location."""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ._model import (
    AppointmentRecord,
    BillOfMaterialsRecord,
    CategoryRecord,
    LocationRecord,
    ProductRecord,
    ServiceLink,
    StorageRecord,
    TeamMemberRecord,
    UnitRecord,
    UserRecord,
)
from ._store import Store

__all__ = ["TWO_FACTOR_CODE", "DemoSeed", "FakeUser", "SeedingAPI"]


TWO_FACTOR_CODE = "123456"  # the code a two-factor user of the fake is "sent"


@dataclass(frozen=True)
class FakeUser:
    """A user that can log in; the password and token never show in repr."""

    id: int
    login: str
    password: str = field(repr=False)
    user_token: str = field(repr=False)


@dataclass(frozen=True)
class DemoSeed:
    """Ids and credentials of the demo data every ``FakeAltegio()`` starts with.

    One location (UTC-5) with two storages, two units, two product categories, three
    products with stock, a team member, a bill of materials that is the team member's default
    for ``service_id``, an appointment ``record_id`` with that service, and a user with
    access to the location whose ``login``/``password`` work with ``POST /auth``.
    """

    location_id: int
    partner_token: str = field(repr=False)
    user_token: str = field(repr=False)
    login: str
    password: str = field(repr=False)
    user_id: int
    team_member_id: int
    storage_ids: tuple[int, ...]
    unit_ids: tuple[int, ...]
    category_ids: tuple[int, ...]
    product_ids: tuple[int, ...]
    service_id: int
    record_id: int
    bill_of_materials_id: int


class SeedingAPI:
    """Methods a test calls to shape the fake's data before (or between) requests.

    Every method returns the new object's id and is safe to call while requests are served.
    Ids are unique across all kinds of objects, so mixing up, say, a storage id and a
    product id gives a 404 rather than a silent match.
    """

    store: Store

    def add_partner_token(self, token: str | None = None) -> str:
        """Accept another partner token (a random one unless given); returns it."""
        token = token or secrets.token_hex(16)
        with self.store.lock:
            self.store.partner_tokens.add(token)
        return token

    def add_location(
        self,
        title: str,
        *,
        utc_offset: float = -5,
        timezone_name: str = "America/New_York",
        **fields: Any,
    ) -> int:
        """A location (company); ``fields`` are extra Location fields, e.g. ``city="Boston"``.

        No user may use it until ``grant_access`` (or ``add_user(location_ids=...)``).
        """
        store = self.store
        with store.lock:
            record = LocationRecord(
                id=store.next_id(),
                title=title,
                utc_offset=utc_offset,
                timezone_name=timezone_name,
                fields=dict(fields),
            )
            store.locations[record.id] = record
        return record.id

    def add_user(
        self,
        login: str,
        password: str,
        *,
        name: str = "",
        phone: str = "",
        email: str = "",
        location_ids: Iterable[int] = (),
        user_token: str | None = None,
        two_factor: bool = False,
        two_factor_code: str = TWO_FACTOR_CODE,
    ) -> FakeUser:
        """A user who can log in with ``login``/``password`` and use ``location_ids``.

        With ``two_factor=True`` POST /auth first answers a challenge and gives the token only
        to a second POST /auth carrying ``two_factor_code`` (``"123456"`` unless given).
        """
        store = self.store
        with store.lock:
            if store.user_by_login(login) is not None:
                raise ValueError(f"a user with login {login!r} already exists")
            record = UserRecord(
                id=store.next_id(),
                login=login,
                password=password,
                token=user_token or secrets.token_hex(16),
                name=name,
                phone=phone,
                email=email,
                locations=set(location_ids),
                two_factor_code=two_factor_code if two_factor else None,
            )
            for location_id in record.locations:
                store.location(location_id)
            store.users[record.id] = record
        return FakeUser(record.id, record.login, record.password, record.token)

    def grant_access(self, user_id: int, location_id: int) -> None:
        """Let a user work with a location (without it the API answers 403)."""
        with self.store.lock:
            self.store.location(location_id)
            self.store.users[user_id].locations.add(location_id)

    def revoke_access(self, user_id: int, location_id: int) -> None:
        with self.store.lock:
            self.store.users[user_id].locations.discard(location_id)

    def add_storage(
        self,
        location_id: int,
        title: str,
        *,
        for_sale: bool = False,
        for_service: bool = False,
        comment: str = "",
    ) -> int:
        """An inventory (storage) of a location."""
        store = self.store
        with store.lock:
            store.location(location_id)
            record = StorageRecord(
                store.next_id(), location_id, title, int(for_sale), int(for_service), comment
            )
            store.storages[record.id] = record
        return record.id

    def add_unit(self, location_id: int, title: str, short_title: str) -> int:
        """A unit of measurement products can be sold or written off in."""
        store = self.store
        with store.lock:
            store.location(location_id)
            record = UnitRecord(store.next_id(), location_id, title, short_title)
            store.units[record.id] = record
        return record.id

    def add_product_category(self, location_id: int, title: str, *, parent_id: int = 0) -> int:
        """A product category; ``parent_id`` 0 puts it at the top level."""
        store = self.store
        with store.lock:
            store.location(location_id)
            if parent_id:
                store.category(location_id, parent_id)
            record = CategoryRecord(store.next_id(), location_id, title, parent_id)
            store.categories[record.id] = record
        return record.id

    def add_product(
        self,
        location_id: int,
        title: str,
        *,
        category_id: int | None = None,
        sale_unit_id: int | None = None,
        service_unit_id: int | None = None,
        cost: float = 0,
        actual_cost: float = 0,
        unit_equals: float = 1,
        article: str = "",
        barcode: str = "",
        stock: Mapping[int, float] | None = None,
    ) -> int:
        """A product with optional starting ``stock`` (storage id -> amount in sale units).

        Without a category or units, the location's first ones are used (created if none).
        """
        store = self.store
        with store.lock:
            store.location(location_id)
            if category_id is None:
                category_id = self._first_category(location_id)
            store.category(location_id, category_id)
            default_unit = self._first_unit(location_id)
            for storage_id in stock or {}:
                store.storage(location_id, storage_id)
            record = ProductRecord(
                id=store.next_id(),
                location_id=location_id,
                title=title,
                category_id=category_id,
                sale_unit_id=sale_unit_id or default_unit,
                service_unit_id=service_unit_id or sale_unit_id or default_unit,
                last_change=store.now(location_id),
                cost=cost,
                actual_cost=actual_cost,
                unit_equals=unit_equals,
                article=article,
                barcode=barcode,
                stock={k: float(v) for k, v in (stock or {}).items()},
            )
            store.products[record.id] = record
        return record.id

    def add_team_member(self, location_id: int, name: str) -> int:
        """A team member (master) transactions and bills of materials can refer to."""
        store = self.store
        with store.lock:
            store.location(location_id)
            record = TeamMemberRecord(store.next_id(), location_id, name)
            store.team_members[record.id] = record
        return record.id

    def add_bill_of_materials(
        self, location_id: int, title: str, items: Iterable[tuple[int, int, float]] = ()
    ) -> int:
        """A bill of materials; ``items`` are (product id, storage id, amount) rows."""
        store = self.store
        with store.lock:
            store.location(location_id)
            rows = []
            for product_id, storage_id, amount in items:
                store.product(location_id, product_id)
                store.storage(location_id, storage_id)
                rows.append(
                    {
                        "id": store.next_id(),
                        "good_id": product_id,
                        "storage_id": storage_id,
                        "amount": amount,
                    }
                )
            record = BillOfMaterialsRecord(store.next_id(), location_id, title, rows)
            store.cards[record.id] = record
        return record.id

    def set_default_bill_of_materials(
        self, location_id: int, team_member_id: int, service_id: int, bill_of_materials_id: int
    ) -> None:
        """What get_team_member_service_bill_of_materials returns for this pair."""
        store = self.store
        with store.lock:
            store.team_member(location_id, team_member_id)
            store.card(location_id, bill_of_materials_id)
            store.default_cards[(location_id, team_member_id, service_id)] = bill_of_materials_id

    def add_appointment(
        self,
        location_id: int,
        service_ids: Iterable[int],
        *,
        bill_of_materials_ids: Iterable[int] = (),
    ) -> int:
        """An appointment (record) with services, each linked to the given bills."""
        store = self.store
        with store.lock:
            store.location(location_id)
            cards = list(bill_of_materials_ids)
            for card_id in cards:
                store.card(location_id, card_id)
            record = AppointmentRecord(store.next_id(), location_id)
            record.services = {s: ServiceLink(card_ids=list(cards)) for s in service_ids}
            store.appointments[record.id] = record
        return record.id

    def stock(self, location_id: int, product_id: int) -> dict[int, float]:
        """A product's stock per storage id, as the API reports it in ``actual_amounts``."""
        with self.store.lock:
            return dict(self.store.product(location_id, product_id).stock)

    def _first_category(self, location_id: int) -> int:
        store = self.store
        for record in store.categories.values():
            if record.location_id == location_id:
                return record.id
        return self.add_product_category(location_id, "General")

    def _first_unit(self, location_id: int) -> int:
        for record in self.store.units.values():
            if record.location_id == location_id:
                return record.id
        return self.add_unit(location_id, "Piece", "pcs")

    def _seed_demo(self) -> DemoSeed:
        partner_token = self.add_partner_token()
        location_id = self.add_location(
            "Demo Salon", city="New York", address="787 Jackson Drive", phone="+13155550175"
        )
        retail = self.add_storage(location_id, "Retail", for_sale=True)
        consumables = self.add_storage(location_id, "Consumables", for_service=True)
        piece = self.add_unit(location_id, "Piece", "pcs")
        millilitre = self.add_unit(location_id, "Millilitre", "ml")
        hair = self.add_product_category(location_id, "Hair care")
        shampoos = self.add_product_category(location_id, "Shampoos", parent_id=hair)
        shampoo = self.add_product(
            location_id,
            "Shampoo",
            category_id=shampoos,
            sale_unit_id=piece,
            service_unit_id=millilitre,
            unit_equals=250,
            cost=20,
            actual_cost=8,
            article="SH-250",
            barcode="4006381333931",
            stock={retail: 10, consumables: 4},
        )
        conditioner = self.add_product(
            location_id,
            "Conditioner",
            category_id=hair,
            sale_unit_id=piece,
            cost=18,
            actual_cost=7,
            stock={retail: 6},
        )
        mask = self.add_product(location_id, "Hair mask", category_id=hair, sale_unit_id=piece)
        team_member = self.add_team_member(location_id, "Alex Stylist")
        service_id = 501
        card = self.add_bill_of_materials(location_id, "Hair wash", [(shampoo, consumables, 15)])
        self.set_default_bill_of_materials(location_id, team_member, service_id, card)
        record_id = self.add_appointment(location_id, [service_id], bill_of_materials_ids=[card])
        password = secrets.token_urlsafe(12)
        user = self.add_user(
            "demo@example.com",
            password,
            name="Demo Manager",
            phone="+13155550176",
            email="demo@example.com",
            location_ids=[location_id],
        )
        return DemoSeed(
            location_id=location_id,
            partner_token=partner_token,
            user_token=user.user_token,
            login=user.login,
            password=password,
            user_id=user.id,
            team_member_id=team_member,
            storage_ids=(retail, consumables),
            unit_ids=(piece, millilitre),
            category_ids=(hair, shampoos),
            product_ids=(shampoo, conditioner, mask),
            service_id=service_id,
            record_id=record_id,
            bill_of_materials_id=card,
        )
