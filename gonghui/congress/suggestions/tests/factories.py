"""Test builders of the democratic-management parts beyond congresses and sessions: members with portal accounts,
handlers of suggestions, books, suggestions at each state, and a congress with a term and a session (for the board
seats), built straight with the ORM."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from gonghui.accounts.models import User
from gonghui.accounts.testing import next_phone
from gonghui.authz.testing import CANARY, World
from gonghui.congress.models import Congress, CongressSession, CongressTerm, SessionStatus, Suggestion
from gonghui.congress.permissions import HANDLE_SUGGESTIONS, VIEW_CONGRESS
from gonghui.congress.suggestions import services
from gonghui.members.models import Member

_seq = [0]


def member(world: World, *, unit: Any = None, with_user: bool = True) -> Member:
    from gonghui.members.tests.factories import MemberFactory

    _seq[0] += 1
    user = None
    if with_user:
        phone = next_phone()
        user = User.objects.create_user(username=phone, phone=phone, name=f"建议职工{_seq[0]}")
    return MemberFactory.create(unit=unit or world.child, name=f"赵{CANARY}{_seq[0]}", user=user)


def u(who: Member) -> User:
    assert who.user is not None
    return who.user


def open_books(unit: Any) -> None:
    from gonghui.finance.models import Ledger
    from gonghui.finance.tests.factories import books

    if not Ledger.objects.filter(unit=unit).exists():
        books(unit)


def handler(world: World) -> User:
    """A suggestions handler at the district union ``world.target``, whose books pay the rewards."""
    open_books(world.target)
    return world.staff("sg", world.target, [VIEW_CONGRESS, HANDLE_SUGGESTIONS])


def filed(world: World, who: Member | None = None, *, key: str = "") -> Suggestion:
    who = who or member(world)
    suggestion, _created = services.suggestion_create(
        actor=u(who),
        member=who,
        title="冲压车间边角料分类回收",
        body="现状：边角料混装外运。\n建议：按材质分类回收再利用。",
        category="节能降耗",
        request_key=key,
    )
    return suggestion


def implemented(world: World, staff: User, who: Member | None = None, *, saved: str = "120000.00") -> Suggestion:
    suggestion = filed(world, who)
    suggestion = services.suggestion_decide(actor=staff, suggestion=suggestion, adopt=True, comment="可行")
    return services.suggestion_implement(
        actor=staff,
        suggestion=suggestion,
        implemented_on=timezone.localdate(),
        money_saved=saved,
        hours_saved="300.0",
    )


def congress(world: World, *, unit: Any = None, held_on: date | None = None) -> tuple[Congress, CongressSession]:
    """A congress of ``unit`` (default ``world.child``) with a term and one closed session."""
    unit = unit or world.child
    creator = User.objects.filter(is_superuser=False).order_by("pk").first() or world.member
    found = Congress.objects.filter(unit=unit, active=True).first()
    if found is None:
        found = Congress.objects.create(unit=unit, name=f"{unit.name}职工代表大会", created_by=creator)
    today = timezone.localdate()
    term, _ = CongressTerm.objects.get_or_create(
        congress=found,
        number=1,
        defaults={
            "starts_on": today - timedelta(days=400),
            "ends_on": today + timedelta(days=1400),
            "headcount": 300,
            "quota": 54,
        },
    )
    number = CongressSession.objects.filter(term=term).count() + 1
    session = CongressSession.objects.create(
        term=term,
        number=number,
        title=f"第一届第{number}次职工代表大会",
        held_on=held_on or today - timedelta(days=30),
        status=SessionStatus.CLOSED,
        created_by=creator,
    )
    return found, session
