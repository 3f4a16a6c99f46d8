"""Test kit of innovation studios: a CANARY model worker of ``world.child`` leading a studio, reviewers at the child
union and the city (books at the city), and studios written directly at a given state."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils import timezone

from gonghui.accounts.models import User
from gonghui.authz.testing import World
from gonghui.honors.models import Honoree, Studio, StudioGrade, StudioStatus
from gonghui.honors.permissions import APPROVE_STUDIOS, MANAGE_STUDIOS, VIEW_HONOREES, VIEW_STUDIOS
from gonghui.honors.register.tests import kit as register_kit
from gonghui.honors.tests import factories

_seq = [0]
REVIEW = [VIEW_STUDIOS, APPROVE_STUDIOS, "review.view_case"]


def leader(world: World, **extra: Any) -> Honoree:
    return register_kit.title(world, **extra)


@dataclass
class People:
    clerk: User
    grassroots: User
    city: User
    province: User


def people(world: World) -> People:
    open_books(world.city)
    open_books(world.province)
    return People(
        clerk=world.staff("sc", world.child, [VIEW_STUDIOS, MANAGE_STUDIOS, VIEW_HONOREES, "review.view_case"]),
        grassroots=world.staff("sg", world.child, REVIEW),
        city=world.staff("st", world.city, REVIEW),
        province=world.staff("sp", world.province, REVIEW),
    )


def open_books(unit: Any) -> None:
    from gonghui.finance.models import Ledger
    from gonghui.finance.tests.factories import books

    if not Ledger.objects.filter(unit=unit).exists():
        books(unit)


def studio(
    world: World,
    *,
    status: str = StudioStatus.NAMED,
    grade: str = StudioGrade.CITY,
    named_by: Any = None,
    named_on: date | None = None,
    unit: Any = None,
) -> Studio:
    """A studio written directly (no review): named by ``named_by`` (default ``world.target``) this year."""
    _seq[0] += 1
    lead = leader(world) if unit is None else factories.honoree(factories.member(unit))
    named = status in (StudioStatus.NAMED, StudioStatus.REVOKED)
    return Studio.objects.create(
        name=f"创新工作室{_seq[0]}",
        unit=lead.unit,
        leader=lead,
        field="数控加工",
        description="技术攻关与名师带徒",
        grade=grade,
        status=status,
        named_on=(named_on or timezone.localdate()) if named else None,
        named_by=(named_by or world.target) if named else None,
        created_by=factories.recorder(),
    )
