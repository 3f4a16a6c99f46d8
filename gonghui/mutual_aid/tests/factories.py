"""Test kit of mutual aid: plans with tiers, versions and rules, whole-unit enrolments and covered members.

Made straight in the database (fast, no authorization): a test of a service builds its world with these and then
calls the service under test. The default plan is issued by the matrix world's ``city`` for this year, with two
tiers (24 and 70 yuan) and the five benefits in version 1, published; :func:`covered` enrols a CANARY member of
``world.child`` and starts their cover."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from django.utils import timezone

from gonghui.accounts.models import User
from gonghui.authz.testing import CANARY, World
from gonghui.members.models import Member
from gonghui.mutual_aid.models import (
    BenefitKind,
    BenefitRule,
    EnrolledMember,
    Enrolment,
    EnrolmentStatus,
    Plan,
    PlanStatus,
    PlanTier,
    PlanVersion,
)
from gonghui.orgs.models import OrgUnit

_seq = [0]

TIERS: tuple[tuple[str, str, str], ...] = (("BASIC", "基本档", "24.00"), ("HIGH", "提高档", "70.00"))


def rule_fields(kind: str, tier_code: str = "BASIC") -> dict[str, Any]:
    """Plausible rules of one benefit (the higher tier pays more)."""
    high = tier_code != "BASIC"
    if kind == BenefitKind.HOSPITAL:
        return {
            "deductible": Decimal("800.00"),
            "bands": [{"from": "0", "rate": "0.5" if high else "0.4"}, {"from": "10000", "rate": "0.6"}],
            "per_event_cap": Decimal("20000.00"),
            "yearly_cap": Decimal("50000.00" if high else "30000.00"),
            "waiting_days": 90,
            "exclusions": ["自费药品", "伙食费"],
        }
    if kind == BenefitKind.OUTPATIENT:
        return {
            "deductible": Decimal("500.00"),
            "bands": [{"from": "0", "rate": "0.5"}],
            "per_event_cap": Decimal("3000.00"),
            "yearly_cap": Decimal("6000.00"),
            "waiting_days": 90,
            "illnesses": [{"code": "N18", "name": "慢性肾功能衰竭"}, {"code": "E11", "name": "2型糖尿病"}],
        }
    if kind == BenefitKind.CRITICAL:
        return {
            "fixed_amount": Decimal("10000.00" if high else "5000.00"),
            "yearly_cap": Decimal("10000.00" if high else "5000.00"),
            "waiting_days": 180,
            "illnesses": [{"code": "C50", "name": "乳腺恶性肿瘤"}, {"code": "I21", "name": "急性心肌梗死"}],
        }
    if kind == BenefitKind.ACCIDENT:
        return {
            "deductible": Decimal("100.00"),
            "bands": [{"from": "0", "rate": "0.7"}],
            "per_event_cap": Decimal("5000.00"),
            "yearly_cap": Decimal("10000.00"),
        }
    return {"fixed_amount": Decimal("20000.00" if high else "10000.00"), "yearly_cap": Decimal("20000.00")}


def creator() -> User:
    _seq[0] += 1
    return User.objects.create_user(username=f"maplan{_seq[0]}", name=f"计划制定人{_seq[0]}")


def plan(
    unit: OrgUnit,
    *,
    year: int | None = None,
    starts_on: date | None = None,
    ends_on: date | None = None,
    tiers: Sequence[tuple[str, str, str]] = TIERS,
    kinds: Sequence[str] = tuple(BenefitKind.values),
    status: str = PlanStatus.PUBLISHED,
    family_cover: bool = True,
    by: User | None = None,
) -> Plan:
    """A plan of ``unit`` with its tiers and version 1 (every benefit of every tier), published unless told."""
    year = year or timezone.localdate().year
    by = by or creator()
    _seq[0] += 1
    made = Plan.objects.create(
        unit=unit,
        code=f"T{year}-{_seq[0]}",
        name=f"{year}年度职工医疗互助保障计划{_seq[0]}",
        year=year,
        starts_on=starts_on or date(year, 1, 1),
        ends_on=ends_on or date(year, 12, 31),
        status=status,
        family_cover=family_cover,
        created_by=by,
        published_at=timezone.now() if status != PlanStatus.DRAFT else None,
    )
    made_tiers = [
        PlanTier.objects.create(plan=made, code=code, name=name, fee=Decimal(fee), order=i)
        for i, (code, name, fee) in enumerate(tiers)
    ]
    version = PlanVersion.objects.create(
        plan=made, number=1, effective_from=made.starts_on, published=status != PlanStatus.DRAFT, created_by=by
    )
    BenefitRule.objects.bulk_create(
        [BenefitRule(version=version, tier=t, kind=k, **rule_fields(k, t.code)) for t in made_tiers for k in kinds]
    )
    return made


def tier(of: Plan, code: str = "BASIC") -> PlanTier:
    return PlanTier.objects.get(plan=of, code=code)


def version(of: Plan, number: int = 1) -> PlanVersion:
    return PlanVersion.objects.get(plan=of, number=number)


def member(unit: OrgUnit, **fields: Any) -> Member:
    from gonghui.members.tests.factories import MemberFactory

    _seq[0] += 1
    fields.setdefault("name", f"互助{CANARY}{_seq[0]}")
    return MemberFactory.create(unit=unit, **fields)


def enrolment(
    of: Plan,
    unit: OrgUnit,
    members: Sequence[Member] = (),
    *,
    tier_code: str = "BASIC",
    status: str = EnrolmentStatus.ACTIVE,
    covered_from: date | None = None,
    first_time: bool = True,
    by: User | None = None,
) -> Enrolment:
    """A list of ``members`` at ``unit`` in ``status``; an active list is paid and covers from ``covered_from``
    (default the plan's first day)."""
    chosen = tier(of, tier_code)
    active = status == EnrolmentStatus.ACTIVE
    start = (covered_from or of.starts_on) if active else None
    made = Enrolment.objects.create(
        plan=of,
        tier=chosen,
        unit=unit,
        status=status,
        member_count=len(members),
        eligible_count=len(members),
        fee_total=chosen.fee * len(members),
        paid_on=start if active else None,
        covered_from=start,
        created_by=by or creator(),
    )
    EnrolledMember.objects.bulk_create(
        [
            EnrolledMember(
                enrolment=made,
                plan=of,
                member=m,
                tier=chosen,
                fee=chosen.fee,
                first_time=first_time,
                added_on=of.starts_on,
                covered_from=start,
            )
            for m in members
        ]
    )
    return made


def covered(
    world: World, *, of: Plan | None = None, tier_code: str = "BASIC", first_time: bool = False, **member_fields: Any
) -> EnrolledMember:
    """A CANARY member of ``world.child`` covered by ``of`` (default: a new plan of ``world.city``) since the
    plan's first day."""
    of = of or plan(world.city)
    who = member(world.child, **member_fields)
    made = enrolment(of, world.child, [who], tier_code=tier_code, first_time=first_time)
    return EnrolledMember.objects.select_related("plan", "tier", "enrolment", "member").get(enrolment=made, member=who)
