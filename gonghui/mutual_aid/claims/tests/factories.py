"""Minimal ORM builders for the claims tests: a published plan with tiers, a published version with rules, a paid
enrolment and covered members (``covered_from`` set)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any

from gonghui.accounts.models import User
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

HOSPITAL_RULE: dict[str, Any] = {
    "deductible": Decimal("1000.00"),
    "bands": [{"from": "0", "rate": "0.5"}, {"from": "10000", "rate": "0.6"}],
    "per_event_cap": Decimal("20000.00"),
    "yearly_cap": Decimal("30000.00"),
    "waiting_days": 90,
}
DEATH_RULE: dict[str, Any] = {"fixed_amount": Decimal("5000.00"), "yearly_cap": Decimal("5000.00")}
CRITICAL_RULE: dict[str, Any] = {
    "fixed_amount": Decimal("10000.00"),
    "per_event_cap": Decimal("10000.00"),
    "yearly_cap": Decimal("10000.00"),
    "illnesses": [{"code": "C01", "name": "恶性肿瘤"}, {"code": "C02", "name": "急性心肌梗塞"}],
}


def _user() -> User:
    found = User.objects.filter(username="mutual-plan-author").first()
    return found or User.objects.create_user(username="mutual-plan-author", name="计划制定人")


def plan(unit: OrgUnit, *, year: int = 2026, family_cover: bool = False, status: str = PlanStatus.PUBLISHED) -> Plan:
    _seq[0] += 1
    made = Plan.objects.create(
        unit=unit,
        code=f"P{year}-{_seq[0]}",
        name=f"{year}年度职工医疗互助保障计划{_seq[0]}",
        year=year,
        starts_on=date(year, 1, 1),
        ends_on=date(year, 12, 31),
        status=status,
        family_cover=family_cover,
        created_by=_user(),
    )
    PlanTier.objects.create(plan=made, code="basic", name="基础档", fee=Decimal("24.00"), order=1)
    PlanTier.objects.create(plan=made, code="higher", name="提高档", fee=Decimal("70.00"), order=2)
    return made


def tier(of: Plan, code: str = "basic") -> PlanTier:
    return PlanTier.objects.get(plan=of, code=code)


def version(
    of: Plan,
    *,
    number: int = 1,
    effective_from: date | None = None,
    rules: dict[str, dict[str, Any]] | None = None,
    tiers: Iterable[str] = ("basic", "higher"),
) -> PlanVersion:
    """A published version with ``rules`` ({kind: fields}) for every tier (default: hospital, death, critical)."""
    made = PlanVersion.objects.create(
        plan=of,
        number=number,
        effective_from=effective_from or of.starts_on,
        published=True,
        created_by=_user(),
    )
    chosen = (
        rules
        if rules is not None
        else {BenefitKind.HOSPITAL: HOSPITAL_RULE, BenefitKind.DEATH: DEATH_RULE, BenefitKind.CRITICAL: CRITICAL_RULE}
    )
    for code in tiers:
        for kind, fields in chosen.items():
            BenefitRule.objects.create(version=made, tier=tier(of, code), kind=kind, **fields)
    return made


def enrol(
    unit: OrgUnit,
    of: Plan,
    members: Iterable[Member],
    *,
    covered_from: date,
    tier_code: str = "basic",
    first_time: bool = True,
) -> Enrolment:
    """A paid (active) enrolment of ``unit`` covering ``members`` from ``covered_from``."""
    chosen = tier(of, tier_code)
    people = list(members)
    enrolment = Enrolment.objects.filter(plan=of, unit=unit).exclude(status=EnrolmentStatus.CANCELLED).first()
    if enrolment is not None:  # one enrolment per plan and union: more members join it
        _add(enrolment, people, covered_from=covered_from, first_time=first_time)
        return enrolment
    enrolment = Enrolment.objects.create(
        plan=of,
        tier=chosen,
        unit=unit,
        status=EnrolmentStatus.ACTIVE,
        member_count=len(people),
        eligible_count=len(people),
        fee_total=chosen.fee * len(people),
        paid_on=covered_from,
        covered_from=covered_from,
        created_by=_user(),
    )
    _add(enrolment, people, covered_from=covered_from, first_time=first_time)
    return enrolment


def _add(enrolment: Enrolment, people: list[Member], *, covered_from: date, first_time: bool) -> None:
    EnrolledMember.objects.bulk_create(
        [
            EnrolledMember(
                enrolment=enrolment,
                plan_id=enrolment.plan_id,
                member=m,
                tier_id=enrolment.tier_id,
                fee=enrolment.tier.fee,
                first_time=first_time,
                added_on=covered_from,
                covered_from=covered_from,
            )
            for m in people
        ]
    )
