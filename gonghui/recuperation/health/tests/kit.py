"""Test kit of the check-ups: a partner hospital of ``world.city``, CANARY honorees of ``world.child`` (with a
portal account when asked), check-ups written directly."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from gonghui.authz.testing import CANARY, World
from gonghui.honors.models import Honoree
from gonghui.honors.tests import factories as honors_factories
from gonghui.honors.tests.factories import honoree, recorder
from gonghui.recuperation.models import Checkup, CheckupStatus, Hospital
from gonghui.workdays.selectors import is_working_day

_seq = [0]


_n = [0]


def _canary() -> str:
    _n[0] += 1
    return f"王{CANARY}{_n[0]}"


def hospital(world: World, *, capacity: int = 3, unit: Any = None) -> Hospital:
    _seq[0] += 1
    return Hospital.objects.create(
        unit=unit or world.city, name=f"市第{_seq[0]}人民医院体检中心", daily_capacity=capacity, phone="0571-88888888"
    )


def model_worker(world: World, *, with_user: bool = True, unit: Any = None) -> Honoree:
    return honoree(honors_factories.member(unit or world.child, name=_canary(), with_user=with_user))


def next_working_day(after: date | None = None) -> date:
    day = (after or timezone.localdate()) + timedelta(days=1)
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def checkup(
    honoree_: Honoree, place: Hospital, *, day: date | None = None, status: str = CheckupStatus.BOOKED, **extra: Any
) -> Checkup:
    _seq[0] += 1
    when = day or next_working_day()
    return Checkup.objects.create(
        honoree=honoree_,
        member_id=honoree_.member_id,
        unit_id=honoree_.unit_id,
        year=when.year,
        hospital=place,
        day=when,
        status=status,
        request_key=f"kit:{_seq[0]}",
        booked_by=recorder(),
        **extra,
    )
