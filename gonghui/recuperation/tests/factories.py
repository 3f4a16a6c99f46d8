"""Test data of recuperation trips and bookings: sanatoria, trips (draft or published, booking open now), quotas
down the tree, members with portal accounts, bookings. Built through the services where the behaviour matters
(publication, allotment, booking), so that tests see what users would."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any, cast

from django.utils import timezone

from gonghui.accounts.models import User
from gonghui.accounts.testing import next_phone
from gonghui.authz.access import Actor
from gonghui.honors.models import Honoree, HonorLevel, HonorTitle
from gonghui.members.models import Member
from gonghui.orgs.models import OrgUnit
from gonghui.recuperation.models import Audience, Booking, Sanatorium, Trip, TripQuota

_seq = [0]


def _next() -> int:
    _seq[0] += 1
    return _seq[0]


def sanatorium(unit: OrgUnit, *, name: str = "") -> Sanatorium:
    n = _next()
    return Sanatorium.objects.create(unit=unit, name=name or f"疗休养基地{n}", address="浙江省杭州市", beds=200)


def trip_input(
    *,
    places: int = 10,
    price: str = "500.00",
    days: int = 4,
    starts_in: int = 30,
    opens_in: timedelta = timedelta(hours=-1),
    audience: tuple[str, ...] = (Audience.ALL,),
    audience_units: tuple[OrgUnit, ...] = (),
    title: str = "",
    handback_deadline: Any = None,
) -> Any:
    from gonghui.recuperation.trips.services import TripInput

    start = timezone.localdate() + timedelta(days=starts_in)
    return TripInput(
        title=title or f"千岛湖疗休养{_next()}",
        destination="杭州市淳安县",
        starts_on=start,
        ends_on=start + timedelta(days=days - 1),
        places=places,
        price_per_day=Decimal(price),
        booking_opens_at=timezone.now() + opens_in,
        audience=audience,
        audience_units=audience_units,
        itinerary="第一天：报到\n第二天：疗养",
        handback_deadline=handback_deadline,
    )


def draft_trip(actor: Actor, unit: OrgUnit, **kwargs: Any) -> Trip:
    from gonghui.recuperation.trips.services import trip_create

    return trip_create(actor=actor, unit=unit, data=trip_input(**kwargs))


def published_trip(actor: Actor, unit: OrgUnit, **kwargs: Any) -> Trip:
    from gonghui.recuperation.trips.services import trip_publish

    return trip_publish(actor=actor, trip=draft_trip(actor, unit, **kwargs))


def pool(trip: Trip) -> TripQuota:
    return TripQuota.objects.select_related("unit", "trip").get(trip=trip, parent__isnull=True)


def quota(trip: Trip, unit: OrgUnit) -> TripQuota:
    return TripQuota.objects.select_related("unit", "trip", "trip__unit").get(trip=trip, unit=unit)


def member(unit: OrgUnit, *, with_user: bool = True, job: str = "", **kwargs: Any) -> Member:
    from gonghui.members.tests.factories import MemberFactory

    n = _next()
    user = None
    phone = next_phone()
    if with_user:
        user = User.objects.create_user(username=phone, phone=phone, name=f"疗休养职工{n}")
    return MemberFactory.create(unit=unit, user=user, phone=phone, job=job, **kwargs)


def honoree(member: Member, *, title: str = HonorTitle.MODEL_WORKER, revoked: bool = False) -> Honoree:
    recorder = User.objects.filter(is_superuser=True).first() or User.objects.create_user(
        username=f"honors{_next()}", name="名录登记人"
    )
    return Honoree.objects.create(
        member=member,
        unit=member.unit,
        title=title,
        level=HonorLevel.CITY,
        year=2020,
        recorded_by=recorder,
        revoked_on=timezone.localdate() if revoked else None,
    )


def book(trip: Trip, member: Member, *, actor: Actor | None = None, key: str = "") -> Booking:
    from gonghui.recuperation.booking.services import booking_create

    return booking_create(
        actor=cast(Actor, actor or member.user), trip=trip, member=member, request_key=key or f"test-key-{_next():08d}"
    ).booking
