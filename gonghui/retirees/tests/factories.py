"""Test builders of 退休职工: retired members (with portal accounts), staff of the matrix world, clubs, activities,
visits and books to pay condolences from."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from django.utils import timezone

from gonghui.accounts.models import User
from gonghui.accounts.testing import next_phone
from gonghui.authz.testing import World
from gonghui.members.models import Member, MemberStatus
from gonghui.retirees.models import Club, ClubActivity, ClubKind, ClubMember, Visit, VisitReason
from gonghui.retirees.permissions import DECIDE_CONDOLENCES, MANAGE_CLUBS, MANAGE_VISITS, VIEW_RETIREES

_seq = [0]


def retiree(
    world: World | None = None,
    *,
    unit: Any = None,
    name: str = "",
    birth: date | None = None,
    account: bool = True,
    status: str = MemberStatus.RETIRED,
) -> Member:
    from gonghui.members.tests.factories import MemberFactory

    _seq[0] += 1
    user = None
    if account:
        phone = next_phone()
        user = User.objects.create_user(username=phone, phone=phone, name=name or f"退休{_seq[0]}")
    fields: dict[str, Any] = {"unit": unit or (world.child if world else None), "status": status, "user": user}
    if name:
        fields["name"] = name
    if birth:
        fields["birth_date"] = birth
    if fields["unit"] is None:
        fields.pop("unit")
    return MemberFactory.create(**fields)


def u(member: Member) -> User:
    assert member.user is not None
    return member.user


def staff(world: World, unit: Any = None, *perms: str) -> User:
    chosen = perms or (VIEW_RETIREES, MANAGE_CLUBS, MANAGE_VISITS, DECIDE_CONDOLENCES)
    return world.staff("ret", unit or world.target, [str(p) for p in chosen])


def club(world: World, *, unit: Any = None, name: str = "老年书画社", members: tuple[Member, ...] = ()) -> Club:
    found = Club.objects.create(unit=unit or world.target, name=name, kind=ClubKind.CALLIGRAPHY)
    for m in members:
        ClubMember.objects.create(club=found, member=m, joined_on=date(2026, 1, 5))
    return found


def activity(
    club_: Club, *, starts_at: datetime | None = None, capacity: int | None = None, title: str = "书法笔会"
) -> ClubActivity:
    creator = User.objects.filter(is_superuser=False).order_by("pk").first() or User.objects.create_user(
        username=f"creator{_seq[0]}"
    )
    return ClubActivity.objects.create(
        club=club_,
        title=title,
        starts_at=starts_at or timezone.now() + timedelta(days=7),
        place="老干部活动中心",
        capacity=capacity,
        created_by=creator,
    )


def visit(member: Member, *, reason: str = VisitReason.ILLNESS, planned_on: date | None = None) -> Visit:
    day = planned_on or timezone.localdate()
    return Visit.objects.create(unit=member.unit, member=member, reason=reason, planned_on=day, year=day.year)


def books(unit: Any) -> Any:
    from gonghui.finance.tests.factories import books as open_books

    ledger, _preparer, _reviewer = open_books(unit)
    return ledger
