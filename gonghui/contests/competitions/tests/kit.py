"""Test kit of skill and teaching contests: a contest of a union with its stages, members with portal accounts,
eligible entries, judges with portal accounts, a stage opened for scoring.

The builders write rows directly (no audit, no authorization) except where named ``*_via_services``. Example::

    k = contest_kit(world.target, entrants=4, judges=3)   # a skill contest with a final, 4 eligible entries
    open_final(k)                                          # the final open, entrants numbered 1..4
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from gonghui.accounts.models import User
from gonghui.accounts.testing import next_phone
from gonghui.authz.testing import CANARY
from gonghui.contests.models import (
    Contest,
    ContestEntry,
    ContestKind,
    ContestLevel,
    ContestStage,
    ContestStatus,
    EntryStatus,
    JudgeAssignment,
    JudgeScore,
    StageEntrant,
    StageRound,
    StageStatus,
)
from gonghui.members.models import Member
from gonghui.orgs.models import OrgUnit

_seq = [0]


def _next() -> int:
    _seq[0] += 1
    return _seq[0]


def user(label: str = "评委") -> User:
    phone = next_phone("136")
    return User.objects.create_user(username=phone, phone=phone, name=f"{label}{_next()}")


def member(unit: OrgUnit, *, birth: date | None = None, with_user: bool = True) -> Member:
    from gonghui.members.tests.factories import MemberFactory

    account = user("选手") if with_user else None
    kwargs = {"birth_date": birth} if birth is not None else {}
    return MemberFactory.create(unit=unit, name=f"选手{CANARY}{_next()}", user=account, **kwargs)


def contest(
    unit: OrgUnit,
    *,
    kind: str = ContestKind.SKILL,
    rounds: tuple[str, ...] = (StageRound.FINAL,),
    certificate: str = "",
    starts_on: date | None = None,
    status: str = ContestStatus.REGISTERING,
) -> Contest:
    found = Contest.objects.create(
        unit=unit,
        name=f"{unit.name}职工技能大赛{_next()}",
        kind=kind,
        level=ContestLevel.CITY,
        trade="数控车工",
        starts_on=starts_on or timezone.localdate() + timedelta(days=30),
        min_age=18,
        max_age=60,
        min_years=2,
        certificate=certificate,
        award_title="技术能手",
        skill_upgrade="可晋升技师",
        status=status,
        created_by=user("管理员"),
    )
    for order, r in enumerate(rounds, start=1):
        ContestStage.objects.create(contest=found, round=r, order=order)
    return found


def entry(of: Contest, who: Member, *, eligible: bool = True) -> ContestEntry:
    return ContestEntry.objects.create(
        contest=of,
        member=who,
        unit=who.unit,
        years_in_trade=5,
        status=EntryStatus.ELIGIBLE if eligible else EntryStatus.INELIGIBLE,
        registered_by=user("管理员"),
    )


@dataclass
class Kit:
    contest: Contest
    stages: list[ContestStage]
    entries: list[ContestEntry]
    judges: list[User] = field(default_factory=list)

    @property
    def final(self) -> ContestStage:
        return self.stages[-1]

    @property
    def first(self) -> ContestStage:
        return self.stages[0]


def contest_kit(
    unit: OrgUnit,
    *,
    entrants: int = 3,
    judges: int = 3,
    kind: str = ContestKind.SKILL,
    rounds: tuple[str, ...] = (StageRound.FINAL,),
) -> Kit:
    c = contest(unit, kind=kind, rounds=rounds)
    stages = list(ContestStage.objects.filter(contest=c).order_by("order"))
    entries = [entry(c, member(unit)) for _ in range(entrants)]
    kit = Kit(contest=c, stages=stages, entries=entries)
    admin = user("管理员")
    for stage in stages:
        for index in range(judges):
            if len(kit.judges) <= index:
                kit.judges.append(user())
            JudgeAssignment.objects.create(stage=stage, user=kit.judges[index], assigned_by=admin)
    return kit


def open_stage(kit: Kit, stage: ContestStage | None = None) -> ContestStage:
    """``stage`` (default the first) opened with every eligible entry, numbered 1..n (no audit)."""
    stage = stage or kit.first
    for number, e in enumerate([e for e in kit.entries if e.status == EntryStatus.ELIGIBLE], start=1):
        StageEntrant.objects.create(stage=stage, entry=e, number=number)
    ContestStage.objects.filter(pk=stage.pk).update(status=StageStatus.OPEN, opened_at=timezone.now())
    Contest.objects.filter(pk=kit.contest.pk).update(status=ContestStatus.RUNNING)
    stage.refresh_from_db()
    kit.contest.refresh_from_db()
    return stage


def score(entrant: StageEntrant, judge: User, **values: object) -> None:
    JudgeScore.objects.bulk_create(
        [JudgeScore(entrant=entrant, judge=judge, component=c, value=Decimal(str(v))) for c, v in values.items()]
    )


def entrants(stage: ContestStage) -> list[StageEntrant]:
    return list(StageEntrant.objects.filter(stage=stage).select_related("stage", "stage__contest").order_by("number"))
