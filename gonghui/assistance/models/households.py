"""Household files (困难职工档案, 建档): one per approved household, with its category, the support planned and
delivered (money only through the finance ledger's payment requests, read back from finance), the annual reviews
(年审) and the history. A file belongs to the member's current union: it follows the member on a transfer."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gonghui.assistance.models.applications import HardshipCategory, HardshipCause
from gonghui.policy.trace import Trace


class FileStatus(models.TextChoices):
    ACTIVE = "active", _("在档")
    IN_REVIEW = "in_review", _("年审中")
    CLOSED = "closed", _("已退出")


class LeaveReason(models.TextChoices):
    INCOME_ABOVE = "income_above", _("收入持续高于困难标准")
    ON_REQUEST = "on_request", _("本人申请退出")
    LEFT_UNION = "left_union", _("会籍终止")
    DECEASED = "deceased", _("去世")
    OTHER = "other", _("其他")


class HouseholdFile(models.Model):
    file_no = models.CharField(_("档案编号"), max_length=24, unique=True)
    member = models.ForeignKey("members.Member", verbose_name=_("会员"), on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey("orgs.OrgUnit", verbose_name=_("所在工会"), on_delete=models.PROTECT, related_name="+")
    application = models.OneToOneField(
        "assistance.HardshipApplication", verbose_name=_("建档申请"), on_delete=models.PROTECT, related_name="file"
    )
    category = models.CharField(_("困难类别"), max_length=16, choices=HardshipCategory.choices)
    cause = models.CharField(_("致困原因"), max_length=16, choices=HardshipCause.choices)
    status = models.CharField(_("状态"), max_length=16, choices=FileStatus.choices, default=FileStatus.ACTIVE)
    opened_on = models.DateField(_("建档日期"))
    household_size = models.PositiveSmallIntegerField(_("家庭人口"), default=1)
    above_line_since = models.DateField(_("收入高于标准起始日期"), null=True, blank=True)
    last_reviewed_on = models.DateField(_("最近年审日期"), null=True, blank=True)
    closed_on = models.DateField(_("退出日期"), null=True, blank=True)
    leave_reason = models.CharField(_("退出原因"), max_length=16, choices=LeaveReason.choices, blank=True)
    leave_note = models.CharField(_("退出说明"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("困难职工档案")
        verbose_name_plural = _("困难职工档案")
        ordering = ["-opened_on", "-id"]
        indexes = [
            models.Index(fields=["unit", "status"], name="asst_hfile_unit_status_idx"),
            models.Index(fields=["status", "opened_on"], name="asst_hfile_status_open_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["member"],
                condition=models.Q(status__in=["active", "in_review"]),
                name="asst_hfile_one_open_per_member",
            )
        ]

    def __str__(self) -> str:
        return self.file_no

    @property
    def is_open(self) -> bool:
        return self.status != FileStatus.CLOSED


class SupportKind(models.TextChoices):
    LIVING = "living", _("生活救助")
    MEDICAL = "medical", _("医疗救助")
    SCHOOLING = "schooling", _("助学")
    FESTIVAL = "festival", _("节日慰问（送温暖）")
    JOB = "job", _("就业援助（岗位推荐）")


class SupportForm(models.TextChoices):
    MONEY = "money", _("资金")
    GOODS = "goods", _("实物")
    SERVICE = "service", _("服务")


class SupportStatus(models.TextChoices):
    PLANNED = "planned", _("已计划")
    PAYMENT_REQUESTED = "payment_requested", _("已申请付款")
    DELIVERED = "delivered", _("已发放")
    CANCELLED = "cancelled", _("已取消")


class SupportItem(models.Model):
    """One item of support for one period (``2026-03`` for a month, ``2026`` for a school year, ``2026-spring`` for
    a festival). The business key (file, kind, period, child) is unique among items not cancelled: the same
    household is never given the same item for the same period twice."""

    file = models.ForeignKey(HouseholdFile, verbose_name=_("档案"), on_delete=models.PROTECT, related_name="items")
    kind = models.CharField(_("帮扶项目"), max_length=16, choices=SupportKind.choices)
    form = models.CharField(_("形式"), max_length=16, choices=SupportForm.choices, default=SupportForm.MONEY)
    period = models.CharField(_("期间"), max_length=16)
    child = models.ForeignKey(
        "assistance.HouseholdMember",
        verbose_name=_("受助子女"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    beneficiary_key = models.CharField(max_length=24, blank=True, default="")  # the child's id, or "" (uniqueness)
    amount = models.DecimalField(_("金额"), max_digits=16, decimal_places=2, null=True, blank=True)
    description = models.CharField(_("内容"), max_length=200, blank=True)
    status = models.CharField(_("状态"), max_length=20, choices=SupportStatus.choices, default=SupportStatus.PLANNED)
    planned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("计划人"), on_delete=models.PROTECT, related_name="+"
    )
    planned_at = models.DateTimeField(_("计划时间"), auto_now_add=True)
    delivered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("发放人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    delivered_on = models.DateField(_("发放日期"), null=True, blank=True)
    payment_id = models.BigIntegerField(null=True, blank=True)  # the finance payment request (status read there)

    class Meta:
        verbose_name = _("帮扶项目")
        verbose_name_plural = _("帮扶项目")
        ordering = ["-planned_at", "-id"]
        indexes = [models.Index(fields=["kind", "period"], name="asst_support_kind_period_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["file", "kind", "period", "beneficiary_key"],
                condition=~models.Q(status="cancelled"),
                name="asst_support_once_per_period",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.period}"

    @property
    def source(self) -> str:
        return f"assistance.support:{self.pk}"


class ReviewStatus(models.TextChoices):
    OPEN = "open", _("待年审")
    DONE = "done", _("已完成")


class AnnualReview(models.Model):
    """年审: opened by the scheduled job once a year per file, completed by the union with the household's income
    re-checked (the same explained calculation as the application)."""

    file = models.ForeignKey(HouseholdFile, verbose_name=_("档案"), on_delete=models.PROTECT, related_name="reviews")
    year = models.PositiveSmallIntegerField(_("年度"))
    status = models.CharField(_("状态"), max_length=8, choices=ReviewStatus.choices, default=ReviewStatus.OPEN)
    opened_on = models.DateField(_("开启日期"))
    due_on = models.DateField(_("办理期限"))
    reminded_on = models.DateField(_("最近提醒日期"), null=True, blank=True)
    monthly_income = models.DecimalField(_("家庭月收入"), max_digits=16, decimal_places=2, null=True, blank=True)
    monthly_costs = models.DecimalField(_("月刚性支出"), max_digits=16, decimal_places=2, null=True, blank=True)
    household_size = models.PositiveSmallIntegerField(_("家庭人口"), null=True, blank=True)
    category = models.CharField(_("复核类别"), max_length=16, choices=HardshipCategory.choices, blank=True)
    trace = models.JSONField(default=dict, blank=True)
    policy_record_ids = models.JSONField(default=list, blank=True)
    findings = models.TextField(_("复核情况"), max_length=2000, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    completed_on = models.DateField(_("完成日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("年审")
        verbose_name_plural = _("年审")
        ordering = ["-year", "-id"]
        constraints = [models.UniqueConstraint(fields=["file", "year"], name="asst_review_once_per_year")]

    def __str__(self) -> str:
        return f"{self.year} {_('年审')}"

    @property
    def trace_obj(self) -> Trace:
        return Trace.from_json(self.trace)


class FileEvent(models.Model):
    """One step of a file's history (opened, support planned/delivered/paid, review opened/completed, moved with
    the member, closed). Append-only: written by the services."""

    file = models.ForeignKey(HouseholdFile, on_delete=models.PROTECT, related_name="events")
    action = models.CharField(_("操作"), max_length=24)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey("orgs.OrgUnit", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    comment = models.CharField(_("说明"), max_length=500, blank=True)
    at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("档案记录")
        verbose_name_plural = _("档案记录")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return self.action
