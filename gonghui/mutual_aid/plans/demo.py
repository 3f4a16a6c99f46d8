"""Demo mutual-aid plans of 浙江省总工会: this year's plan (基本档 24 元, 提高档 70 元, the five benefits, version 1
from 1 January and version 2 from 1 July raising the hospital pay-out) and last year's plan, closed (the demo
worker's union was enrolled in it, so she is not a first-time enrolee this year). Through the services, acting as
``admin``; idempotent (a plan of the province for a year is made once)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.utils import timezone

from gonghui.accounts.models import User
from gonghui.common.demo import DemoWorld
from gonghui.mutual_aid.models import BenefitKind, Plan, PlanTier, PlanVersion
from gonghui.mutual_aid.plans import services
from gonghui.orgs.models import OrgUnit

TIERS = [services.TierInput("BASIC", "基本档", "24"), services.TierInput("HIGH", "提高档", "70")]
CRITICAL = [
    {"code": "C00-C97", "name": "恶性肿瘤"},
    {"code": "I21", "name": "急性心肌梗死"},
    {"code": "I63", "name": "脑梗死（脑中风后遗症）"},
    {"code": "N18.5", "name": "终末期肾病"},
    {"code": "Z94", "name": "重大器官移植术"},
]
OUTPATIENT = [
    {"code": "N18", "name": "慢性肾功能衰竭（透析）"},
    {"code": "C", "name": "恶性肿瘤门诊放化疗"},
    {"code": "Z94.0", "name": "器官移植术后抗排异治疗"},
    {"code": "D61", "name": "再生障碍性贫血"},
]


def rules(high: bool, *, hospital_rate: str = "0.5") -> dict[str, services.RuleInput]:
    """The benefits of a tier (the higher tier's caps and fixed amounts are larger)."""
    k = Decimal("2.5") if high else Decimal("1")
    return {
        BenefitKind.HOSPITAL: services.RuleInput(
            deductible="800",
            bands=[{"from": "0", "rate": hospital_rate}, {"from": "20000", "rate": "0.6"}],
            per_event_cap=str(Decimal("20000") * k),
            yearly_cap=str(Decimal("40000") * k),
            waiting_days=90,
            exclusions=["自费药品", "伙食费", "陪护费"],
        ),
        BenefitKind.OUTPATIENT: services.RuleInput(
            deductible="300",
            bands=[{"from": "0", "rate": "0.4"}],
            per_event_cap=str(Decimal("2000") * k),
            yearly_cap=str(Decimal("6000") * k),
            waiting_days=90,
            illnesses=OUTPATIENT,
            exclusions=["自费药品"],
        ),
        BenefitKind.CRITICAL: services.RuleInput(
            fixed_amount=str(Decimal("6000") * k),
            yearly_cap=str(Decimal("6000") * k),
            waiting_days=180,
            illnesses=CRITICAL,
        ),
        BenefitKind.ACCIDENT: services.RuleInput(
            deductible="100",
            bands=[{"from": "0", "rate": "0.7"}],
            per_event_cap=str(Decimal("5000") * k),
            yearly_cap=str(Decimal("10000") * k),
            exclusions=["醉酒、斗殴所致伤害"],
        ),
        BenefitKind.DEATH: services.RuleInput(
            fixed_amount=str(Decimal("10000") * k), yearly_cap=str(Decimal("10000") * k)
        ),
    }


def _set_rules(admin: Any, version: PlanVersion, *, hospital_rate: str = "0.5") -> None:
    for tier in PlanTier.objects.filter(plan=version.plan):
        for kind, rule in rules(tier.code == "HIGH", hospital_rate=hospital_rate).items():
            services.rule_set(actor=admin, version=version, tier=tier, kind=kind, rule=rule)


def _plan(admin: User, province: OrgUnit, year: int) -> Plan:
    found = Plan.objects.filter(unit=province, year=year).order_by("pk").first()
    if found is not None:
        return found
    plan = services.plan_create(
        actor=admin,
        unit=province,
        name=f"{year}年度浙江省职工医疗互助保障计划",
        year=year,
        starts_on=date(year, 1, 1),
        ends_on=date(year, 12, 31),
        tiers=TIERS,
        family_cover=True,
        description="以基层工会为单位整体参保，会费由工会经费列支；住院、特殊病门诊、重大疾病、意外伤害、身故五项保障。",
    )
    version = PlanVersion.objects.get(plan=plan, number=1)
    version.plan = plan
    _set_rules(admin, version, hospital_rate="0.45" if year < timezone.localdate().year else "0.5")
    return services.plan_publish(actor=admin, plan=plan)


def seed(world: DemoWorld) -> None:
    province = OrgUnit.objects.filter(depth=1, name=world.province).first()
    admin = User.objects.filter(username="admin").first()
    if province is None or admin is None:
        return
    today = timezone.localdate()
    last = _plan(admin, province, today.year - 1)
    current = _plan(admin, province, today.year)
    if not PlanVersion.objects.filter(plan=current, number=2).exists():
        second = services.version_create(
            actor=admin,
            plan=current,
            effective_from=date(today.year, 7, 1),
            note="年中调整：住院医疗 2 万元以下部分给付比例由 50% 提高到 55%。",
        )
        second.plan = current
        for tier in PlanTier.objects.filter(plan=current):
            rule = rules(tier.code == "HIGH", hospital_rate="0.55")[BenefitKind.HOSPITAL]
            services.rule_set(actor=admin, version=second, tier=tier, kind=BenefitKind.HOSPITAL, rule=rule)
        services.version_publish(actor=admin, version=second)
    world.say(f"互助保障计划：{current.name}（2 个档次、5 项保障、2 个规则版本），上年度计划 {last.name}")
