"""Demo recuperation trips of the province (浙江省总工会), published by the demo administrator with quotas down the
demo tree (杭州市总工会 → 西湖区总工会 → the demo company union): one open for booking now (千岛湖), one opening in
three days (安吉), one that has taken place (舟山, its bookings completed in ``booking/demo.py``). Through the
services; idempotent (a trip per title is made once)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from gonghui.accounts.models import User
from gonghui.common.demo import DemoWorld
from gonghui.orgs.models import OrgUnit
from gonghui.recuperation.models import Sanatorium, Trip, TripQuota
from gonghui.recuperation.trips import services

OPEN_TRIP = "千岛湖四日职工疗休养"
UPCOMING_TRIP = "安吉竹乡三日职工疗休养"
PAST_TRIP = "舟山海岛四日职工疗休养"


def _units(world: DemoWorld) -> tuple[OrgUnit, OrgUnit | None, OrgUnit | None, OrgUnit | None]:
    province = OrgUnit.objects.get(depth=1, name=world.province)
    city = OrgUnit.objects.filter(name="杭州市总工会").first()
    county = OrgUnit.objects.filter(name="西湖区总工会").first()
    union = OrgUnit.objects.filter(name=world.company_union).first()
    return province, city, county, union


def _sanatorium(admin: User, province: OrgUnit) -> Sanatorium:
    found = Sanatorium.objects.filter(unit=province, name="浙江省职工（千岛湖）疗休养基地").first()
    if found is not None:
        return found
    return services.sanatorium_create(
        actor=admin,
        unit=province,
        data=services.SanatoriumInput(
            name="浙江省职工（千岛湖）疗休养基地",
            address="杭州市淳安县千岛湖镇",
            contact="基地接待处",
            phone="0571-65010000",
            beds=260,
        ),
    )


def _trip(admin: User, province: OrgUnit, title: str, **kwargs: Any) -> Trip:
    found = Trip.objects.filter(unit=province, title=title).first()
    if found is not None:
        return found
    trip = services.trip_create(actor=admin, unit=province, data=services.TripInput(title=title, **kwargs))
    return services.trip_publish(actor=admin, trip=trip)


def _allot(admin: User, trip: Trip, chain: list[tuple[OrgUnit | None, int]]) -> None:
    source = TripQuota.objects.select_related("unit", "trip").get(trip=trip, parent__isnull=True)
    for unit, places in chain:
        if unit is None:
            return
        existing = TripQuota.objects.filter(trip=trip, unit=unit).first()
        if existing is None:
            existing = services.quota_allot(actor=admin, source=source, unit=unit, places=places)
        source = TripQuota.objects.select_related("unit", "trip").get(pk=existing.pk)


def seed(world: DemoWorld) -> None:
    admin = User.objects.filter(username="admin").first()
    province, city, county, union = _units(world)
    if admin is None:
        return
    base = _sanatorium(admin, province)
    now = timezone.now()
    today = timezone.localdate()
    common = {"destination": "杭州市淳安县千岛湖", "sanatorium": base, "price_per_day": Decimal("480.00")}
    open_trip = _trip(
        admin,
        province,
        OPEN_TRIP,
        starts_on=today + timedelta(days=20),
        ends_on=today + timedelta(days=23),
        places=6,
        booking_opens_at=now - timedelta(hours=2),
        itinerary="第一天：集合出发，入住基地\n第二天：健康讲座、湖区徒步\n第三天：体检与康复理疗\n第四天：返程",
        handback_deadline=today + timedelta(days=12),
        **common,
    )
    _allot(admin, open_trip, [(city, 4), (county, 3), (union, 2)])
    upcoming = _trip(
        admin,
        province,
        UPCOMING_TRIP,
        destination="湖州市安吉县",
        sanatorium=None,
        price_per_day=Decimal("420.00"),
        starts_on=today + timedelta(days=40),
        ends_on=today + timedelta(days=42),
        places=30,
        booking_opens_at=now + timedelta(days=3),
        itinerary="竹乡生态游、劳模事迹分享会",
    )
    _allot(admin, upcoming, [(city, 10), (county, 4)])
    past = _trip(
        admin,
        province,
        PAST_TRIP,
        destination="舟山市普陀区",
        sanatorium=None,
        price_per_day=Decimal("500.00"),
        starts_on=today + timedelta(days=2),
        ends_on=today + timedelta(days=5),
        places=4,
        booking_opens_at=now - timedelta(days=1),
        itinerary="海岛休养四日",
    )
    _allot(admin, past, [(city, 4)])
    world.say(f"疗休养：{OPEN_TRIP}（预订中，名额下拨至西湖数字科技工会）、{UPCOMING_TRIP}（3 天后开放）、{PAST_TRIP}")
