"""Hardship applications (困难职工帮扶申请): the household as declared, the home visit, and the explained decision.

An application belongs to a member and to the member's union at the time of applying. Its household members,
income lines (by source) and rigid costs are child rows; ID numbers and health notes are stored encrypted, with
a keyed index of the ID number to find the same person twice. The eligibility decision is stored on the
application as a calculation trace (``gonghui.policy.trace``) with the policy records it used, so that it keeps
explaining itself after the policy changes. All writes go through ``assistance.applications.services``.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gonghui.policy.trace import Trace


class HardshipStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("待入户调查")
    VISITED = "visited", _("已入户调查")
    IN_REVIEW = "in_review", _("审核中")
    RETURNED = "returned", _("退回补充")
    APPROVED = "approved", _("已批准")
    REJECTED = "rejected", _("未批准")
    WITHDRAWN = "withdrawn", _("已撤回")


OPEN_HARDSHIP_STATUSES: tuple[str, ...] = (
    HardshipStatus.DRAFT,
    HardshipStatus.SUBMITTED,
    HardshipStatus.VISITED,
    HardshipStatus.IN_REVIEW,
    HardshipStatus.RETURNED,
)


class HardshipCategory(models.TextChoices):
    DEEP = "deep", _("深度困难")
    RELATIVE = "relative", _("相对困难")
    ACCIDENT = "accident", _("意外致困")
    NONE = "none", _("不符合困难标准")


class HardshipCause(models.TextChoices):
    ILLNESS = "illness", _("因病")
    DISABILITY = "disability", _("因残")
    SCHOOLING = "schooling", _("因子女就学")
    DISASTER = "disaster", _("因灾")
    UNEMPLOYMENT = "unemployment", _("因失业")
    SINGLE_PARENT = "single_parent", _("单亲家庭")
    ACCIDENT = "accident", _("因意外事故")
    OTHER = "other", _("其他")


class Relation(models.TextChoices):
    SELF = "self", _("本人")
    SPOUSE = "spouse", _("配偶")
    CHILD = "child", _("子女")
    PARENT = "parent", _("父母")
    OTHER = "other", _("其他共同生活人员")


class Schooling(models.TextChoices):
    NONE = "none", _("不在学")
    PRESCHOOL = "preschool", _("学前")
    COMPULSORY = "compulsory", _("义务教育")
    HIGH_SCHOOL = "high_school", _("高中或中职")
    HIGHER = "higher", _("大学（含高职）")


STUDENT_STAGES: tuple[str, ...] = (
    Schooling.PRESCHOOL,
    Schooling.COMPULSORY,
    Schooling.HIGH_SCHOOL,
    Schooling.HIGHER,
)


class IncomeSource(models.TextChoices):
    WAGE = "wage", _("工资性收入")
    PENSION = "pension", _("养老金")
    BUSINESS = "business", _("经营性收入")
    PROPERTY = "property", _("财产性收入（租金、利息）")
    TRANSFER = "transfer", _("转移性收入（补贴、赡养费）")
    OTHER = "other", _("其他收入")


class CostKind(models.TextChoices):
    MEDICAL = "medical", _("医疗费用（自付部分）")
    SCHOOLING = "schooling", _("子女教育费用")
    DISABILITY = "disability", _("残疾康复与护理")


class HardshipApplication(models.Model):
    member = models.ForeignKey("members.Member", verbose_name=_("申请会员"), on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey("orgs.OrgUnit", verbose_name=_("所在工会"), on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("填报人"), on_delete=models.PROTECT, related_name="+"
    )
    by_member = models.BooleanField(_("职工本人申请"), default=True)
    status = models.CharField(_("状态"), max_length=16, choices=HardshipStatus.choices, default=HardshipStatus.DRAFT)
    cause = models.CharField(_("致困原因"), max_length=16, choices=HardshipCause.choices)
    cause_note = models.TextField(_("困难情况说明"), max_length=2000, blank=True)
    # The decision (eligibility computed and explained), stored with the rules that made it.
    category = models.CharField(_("认定类别"), max_length=16, choices=HardshipCategory.choices, blank=True)
    per_capita = models.DecimalField(_("人均月收入（扣除刚性支出）"), max_digits=16, decimal_places=2, null=True)
    trace = models.JSONField(_("认定计算过程"), default=dict, blank=True)
    policy_record_ids = models.JSONField(default=list, blank=True)
    decided_on = models.DateField(_("认定日期"), null=True, blank=True)
    review_case = models.ForeignKey(
        "review.ReviewCase", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    review_comment = models.TextField(_("审核意见"), blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("困难帮扶申请")
        verbose_name_plural = _("困难帮扶申请")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["unit", "status"], name="asst_happ_unit_status_idx"),
            models.Index(fields=["status", "submitted_at"], name="asst_happ_status_sub_idx"),
        ]
        constraints = [
            # One open application per member: a double submission (two tabs, two devices) creates one.
            models.UniqueConstraint(
                fields=["member"],
                condition=models.Q(status__in=["draft", "submitted", "visited", "in_review", "returned"]),
                name="asst_happ_one_open_per_member",
            )
        ]

    def __str__(self) -> str:
        return f"{_('困难帮扶申请')} #{self.pk}"

    @property
    def trace_obj(self) -> Trace:
        return Trace.from_json(self.trace)

    @property
    def is_editable(self) -> bool:
        return self.status in (HardshipStatus.DRAFT, HardshipStatus.RETURNED)


class HouseholdMember(models.Model):
    application = models.ForeignKey(HardshipApplication, on_delete=models.CASCADE, related_name="people")
    name = models.CharField(_("姓名"), max_length=64)
    relation = models.CharField(_("与申请人关系"), max_length=16, choices=Relation.choices)
    id_cipher = models.TextField(_("证件号码（密文）"), blank=True)
    id_bidx = models.CharField(max_length=32, blank=True, db_index=True)
    id_masked = models.CharField(_("证件号码"), max_length=32, blank=True)
    birth_date = models.DateField(_("出生日期"), null=True, blank=True)
    health_cipher = models.TextField(_("健康状况（密文）"), blank=True)
    schooling = models.CharField(_("就学情况"), max_length=16, choices=Schooling.choices, default=Schooling.NONE)
    school_name = models.CharField(_("学校"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("家庭成员")
        verbose_name_plural = _("家庭成员")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_student(self) -> bool:
        return self.schooling in STUDENT_STAGES


class IncomeLine(models.Model):
    application = models.ForeignKey(HardshipApplication, on_delete=models.CASCADE, related_name="incomes")
    source = models.CharField(_("收入来源"), max_length=16, choices=IncomeSource.choices)
    earner = models.CharField(_("收入人"), max_length=64, blank=True)
    monthly_amount = models.DecimalField(_("月收入"), max_digits=16, decimal_places=2)

    class Meta:
        verbose_name = _("家庭收入")
        verbose_name_plural = _("家庭收入")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.get_source_display()


class RigidCost(models.Model):
    application = models.ForeignKey(HardshipApplication, on_delete=models.CASCADE, related_name="costs")
    kind = models.CharField(_("刚性支出"), max_length=16, choices=CostKind.choices)
    note = models.CharField(_("说明"), max_length=200, blank=True)
    monthly_amount = models.DecimalField(_("月均金额"), max_digits=16, decimal_places=2)

    class Meta:
        verbose_name = _("刚性支出")
        verbose_name_plural = _("刚性支出")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.get_kind_display()


class HomeVisit(models.Model):
    """入户调查: two staff visit the household and record what they found. The application cannot go to review
    without it."""

    application = models.OneToOneField(HardshipApplication, on_delete=models.PROTECT, related_name="visit")
    visited_on = models.DateField(_("调查日期"))
    visitor_one = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("调查人一"), on_delete=models.PROTECT, related_name="+"
    )
    visitor_two = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("调查人二"), on_delete=models.PROTECT, related_name="+"
    )
    findings = models.TextField(_("调查情况"), max_length=4000)
    income_confirmed = models.BooleanField(_("申报收入与调查相符"), default=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("录入人"), on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("录入时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("入户调查")
        verbose_name_plural = _("入户调查")

    def __str__(self) -> str:
        return f"{_('入户调查')} {self.visited_on:%Y-%m-%d}"


class ApplicationEvent(models.Model):
    """One step of an application's history (append-only: written by the services in their transaction)."""

    application = models.ForeignKey(HardshipApplication, on_delete=models.PROTECT, related_name="events")
    action = models.CharField(_("操作"), max_length=24)
    from_status = models.CharField(max_length=16, blank=True)
    to_status = models.CharField(max_length=16, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    comment = models.CharField(_("说明"), max_length=500, blank=True)
    at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("申请记录")
        verbose_name_plural = _("申请记录")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return self.action

    @property
    def to_status_label(self) -> Any:
        return HardshipStatus(self.to_status).label if self.to_status in HardshipStatus.values else ""
