"""Mutual-aid plans (互助保障计划).

- ``Plan``: one plan year of a federation (the province or a city): its period and status. A plan is offered to
  the unions of the issuing federation's subtree.
- ``PlanTier``: a tier of a plan with its fee per member per year (e.g. 24 yuan basic, 70 yuan higher). A tier's
  fee is fixed once the plan is published (enrolments were priced on it).
- ``PlanVersion``: the benefit rules of a plan as versioned data. Exactly one version is in force on a day
  (``effective_from``; the latest version whose date has come). A claim stores the version it was computed by, so a
  new version never alters a past claim.
- ``BenefitRule``: one benefit of one tier in one version: deductible, pay-out ratio banded by cost, per-event cap,
  yearly cap, waiting period for first-time enrolees, the illnesses it covers (special outpatient, critical
  illness) and the items it excludes.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

__all__ = [
    "BenefitKind",
    "BenefitRule",
    "Plan",
    "PlanStatus",
    "PlanTier",
    "PlanVersion",
    "money_field",
]

ZERO = Decimal("0.00")


def money_field(verbose_name: Any = None, **kwargs: Any) -> models.DecimalField[Decimal, Decimal]:
    return models.DecimalField(verbose_name, max_digits=16, decimal_places=2, **kwargs)


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    PUBLISHED = "published", _("已发布")
    CLOSED = "closed", _("已结束")


class BenefitKind(models.TextChoices):
    HOSPITAL = "hospital", _("住院医疗")
    OUTPATIENT = "outpatient", _("特殊病门诊")
    CRITICAL = "critical", _("重大疾病")
    ACCIDENT = "accident", _("意外伤害")
    DEATH = "death", _("身故")


class Plan(models.Model):
    unit = models.ForeignKey("orgs.OrgUnit", verbose_name=_("发起工会"), on_delete=models.PROTECT, related_name="+")
    code = models.CharField(_("计划编号"), max_length=24, unique=True)
    name = models.CharField(_("计划名称"), max_length=120)
    year = models.PositiveSmallIntegerField(_("保障年度"))
    starts_on = models.DateField(_("保障期开始"))
    ends_on = models.DateField(_("保障期结束"))
    status = models.CharField(_("状态"), max_length=12, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    family_cover = models.BooleanField(_("可为家属申请"), default=False)
    description = models.TextField(_("计划说明"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("互助保障计划")
        verbose_name_plural = _("互助保障计划")
        ordering = ["-year", "-id"]
        indexes = [models.Index(fields=["unit", "year"], name="mutual_plan_unit_year")]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="mutual_plan_dates"),
        ]

    def __str__(self) -> str:
        return self.name


class PlanTier(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="tiers")
    code = models.CharField(_("档次代码"), max_length=16)
    name = models.CharField(_("档次名称"), max_length=40)
    fee = money_field(_("每人每年会费"))
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("保障档次")
        verbose_name_plural = _("保障档次")
        ordering = ["plan", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "code"], name="mutual_tier_code_once"),
            models.CheckConstraint(condition=Q(fee__gte=0), name="mutual_tier_fee_pos"),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.fee} 元）"


class PlanVersion(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(_("版本号"))
    effective_from = models.DateField(_("生效日期"))
    note = models.CharField(_("修订说明"), max_length=500, blank=True)
    published = models.BooleanField(_("已发布"), default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("给付规则版本")
        verbose_name_plural = _("给付规则版本")
        ordering = ["plan", "number"]
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="mutual_version_once")]

    def __str__(self) -> str:
        return f"{self.plan} v{self.number}"


class BenefitRule(models.Model):
    version = models.ForeignKey(PlanVersion, on_delete=models.CASCADE, related_name="rules")
    tier = models.ForeignKey(PlanTier, on_delete=models.PROTECT, related_name="rules")
    kind = models.CharField(_("保障责任"), max_length=12, choices=BenefitKind.choices)
    deductible = money_field(_("起付线"), default=ZERO)
    # Pay-out ratio by cost band, on the amount above the deductible: [{"from": "0", "rate": "0.5"}, ...]; a band
    # ends where the next one starts, the last has no upper bound.
    bands = models.JSONField(_("给付比例（分段）"), default=list)
    fixed_amount = money_field(_("定额给付"), null=True, blank=True)  # death, some critical illnesses
    per_event_cap = money_field(_("单次限额"), null=True, blank=True)
    yearly_cap = money_field(_("年度限额"), null=True, blank=True)
    waiting_days = models.PositiveSmallIntegerField(_("首次参保等待期（天）"), default=0)
    # Covered illnesses (special outpatient, critical illness): [{"code": "...", "name": "..."}]; empty = any.
    illnesses = models.JSONField(_("保障病种"), default=list, blank=True)
    # Items never paid (e.g. "自费药品", "伙食费"): names an invoice's excluded amounts are recorded against.
    exclusions = models.JSONField(_("除外项目"), default=list, blank=True)

    class Meta:
        verbose_name = _("给付规则")
        verbose_name_plural = _("给付规则")
        ordering = ["version", "tier", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["version", "tier", "kind"], name="mutual_rule_once"),
            models.CheckConstraint(condition=Q(deductible__gte=0), name="mutual_rule_deductible_pos"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.tier.name}"
