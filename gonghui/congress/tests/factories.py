"""Test kit of democratic management (民主管理), shared by every part's tests: a congress of a union, a term with
sections, representatives with portal accounts, sessions with agenda items, proposals.

These builders write rows directly (no audit, no authorization): to go through the real write path use the part's
services. Example::

    kit = congress_kit(world.child, reps=6)          # congress, term 1, two sections, 6 representatives
    session = open_session(kit)                       # an open session of the term
    item = voting_item(kit, session, secret=True)     # everyone signed in, voting opened
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from gonghui.accounts.models import User
from gonghui.accounts.testing import next_phone
from gonghui.authz.testing import CANARY
from gonghui.congress.models import (
    AgendaItem,
    AgendaKind,
    AgendaStatus,
    Attendance,
    Congress,
    CongressSection,
    CongressSession,
    CongressTerm,
    Proposal,
    ProposalStatus,
    RepCategory,
    Representative,
    SessionStatus,
)
from gonghui.members.models import Member
from gonghui.orgs.models import OrgUnit

_seq = [0]


def _next() -> int:
    _seq[0] += 1
    return _seq[0]


def admin_user() -> User:
    n = _next()
    return User.objects.create_user(username=f"congress-admin{n}", name=f"职代会管理员{n}")


def representative_member(unit: OrgUnit, *, with_user: bool = True, name: str = "") -> Member:
    """A member of ``unit`` with a portal account (phone numbers from 135…)."""
    from gonghui.members.tests.factories import MemberFactory

    n = _next()
    user = None
    if with_user:
        phone = next_phone()
        user = User.objects.create_user(username=phone, phone=phone, name=f"代表{n}")
    return MemberFactory.create(unit=unit, name=name or f"代表{CANARY}{n}", user=user)


def congress(unit: OrgUnit, *, name: str = "") -> Congress:
    return Congress.objects.create(unit=unit, name=name or f"{unit.name}职工代表大会", created_by=admin_user())


def term(of: Congress, *, number: int = 1, headcount: int = 300, starts_on: date | None = None) -> CongressTerm:
    start = starts_on or timezone.localdate() - timedelta(days=365)
    return CongressTerm.objects.create(
        congress=of,
        number=number,
        starts_on=start,
        ends_on=start + timedelta(days=5 * 365),
        headcount=headcount,
        quota=54,
    )


def section(of: CongressTerm, name: str, seats: int = 10) -> CongressSection:
    return CongressSection.objects.create(term=of, name=name, seats=seats)


def representative(
    of: CongressTerm, where: CongressSection, *, category: str = RepCategory.FRONT_LINE, member: Member | None = None
) -> Representative:
    who = member or representative_member(of.congress.unit)
    return Representative.objects.create(term=of, section=where, member=who, category=category, elected_on=of.starts_on)


@dataclass
class Kit:
    congress: Congress
    term: CongressTerm
    sections: list[CongressSection]
    reps: list[Representative] = field(default_factory=list)
    admin: User | None = None

    def user(self, index: int) -> User:
        found = self.reps[index].member.user
        assert found is not None
        return found


def congress_kit(unit: OrgUnit, *, reps: int = 6, managers: int = 0) -> Kit:
    """A congress of ``unit`` with term 1, two sections and ``reps`` representatives (the last ``managers`` of them
    managers, the rest front-line), each with a portal account."""
    c = congress(unit)
    t = term(c)
    sections = [section(t, "一线生产选区"), section(t, "机关选区")]
    kit = Kit(congress=c, term=t, sections=sections)
    for i in range(reps):
        category = RepCategory.MANAGER if i >= reps - managers else RepCategory.FRONT_LINE
        kit.reps.append(representative(t, sections[i % 2], category=category))
    return kit


def session(
    kit: Kit, *, status: str = SessionStatus.OPEN, held_on: date | None = None, number: int | None = None
) -> CongressSession:
    n = number or (CongressSession.objects.filter(term=kit.term).count() + 1)
    return CongressSession.objects.create(
        term=kit.term,
        number=n,
        title=f"第{kit.term.number}届第{n}次职工代表大会",
        held_on=held_on or timezone.localdate(),
        status=status,
        opened_at=timezone.now() if status != SessionStatus.PLANNED else None,
        created_by=admin_user(),
    )


def open_session(kit: Kit) -> CongressSession:
    return session(kit, status=SessionStatus.OPEN)


def item(
    session_: CongressSession,
    *,
    secret: bool = False,
    kind: str = AgendaKind.RESOLUTION,
    status: str = AgendaStatus.PENDING,
) -> AgendaItem:
    order = AgendaItem.objects.filter(session=session_).count() + 1
    return AgendaItem.objects.create(
        session=session_, order=order, title=f"议题{order}", kind=kind, secret=secret, status=status
    )


def sign_in_all(kit: Kit, session_: CongressSession, reps: list[Representative] | None = None) -> None:
    by = admin_user()
    for rep in reps if reps is not None else kit.reps:
        Attendance.objects.get_or_create(session=session_, representative=rep, defaults={"method": "list", "by": by})


def voting_item(kit: Kit, session_: CongressSession, *, secret: bool = False) -> AgendaItem:
    """An item open for voting, every representative signed in."""
    sign_in_all(kit, session_)
    kind = AgendaKind.MAJOR if secret else AgendaKind.RESOLUTION
    return item(session_, secret=secret, kind=kind, status=AgendaStatus.VOTING)


def proposal(kit: Kit, *, by: int = 0, status: str = ProposalStatus.DRAFT, title: str = "", **extra: Any) -> Proposal:
    return Proposal.objects.create(
        term=kit.term,
        proposer=kit.reps[by],
        title=title or f"关于改善职工食堂的提案{CANARY}",
        body="建议增加夜班职工的热食供应。",
        status=status,
        **extra,
    )
