"""Whole-unit enrolment (整体参保).

- ``Enrolment``: a grassroots union's enrolment of its active members in a plan and tier (one per plan and union).
  Generated from the roster, reviewed, then the fee total is paid through the finance ledger; cover starts the day
  after the payment is received (policy ``mutual_aid.cover_start_days``). A partial enrolment (not every active
  member) is refused unless policy allows it, and its reason is recorded.
- ``EnrolledMember``: one member's cover under an enrolment: from ``covered_from`` (null until the fee is paid) to
  ``covered_to``; ``first_time`` marks a first enrolment (the waiting period applies). ``plan`` is copied from the
  enrolment so that the cover look-up of a claim is one indexed read.
- ``EnrolmentCorrection``: a monthly correction of the list (joiners, leavers, transfers) with its fee difference,
  paid the same way.
- ``EnrolmentEvent``: every status change of an enrolment or a correction.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from gonghui.mutual_aid.models.plans import ZERO, money_field

__all__ = [
    "CorrectionStatus",
    "EnrolledMember",
    "EnrolmentAction",
    "Enrolment",
    "EnrolmentCorrection",
    "EnrolmentEvent",
    "EnrolmentStatus",
]


class EnrolmentStatus(models.TextChoices):
    DRAFT = "draft", _("名单编制中")
    SUBMITTED = "submitted", _("待审核")
    RETURNED = "returned", _("退回修改")
    CONFIRMED = "confirmed", _("待缴费")
    ACTIVE = "active", _("保障中")
    CANCELLED = "cancelled", _("已撤销")


class Enrolment(models.Model):
    plan = models.ForeignKey("mutual_aid.Plan", verbose_name=_("保障计划"), on_delete=models.PROTECT, related_name="+")
    tier = models.ForeignKey("mutual_aid.PlanTier", verbose_name=_("档次"), on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey("orgs.OrgUnit", verbose_name=_("参保工会"), on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("状态"), max_length=12, choices=EnrolmentStatus.choices, default=EnrolmentStatus.DRAFT)
    partial = models.BooleanField(_("部分参保"), default=False)
    partial_reason = models.CharField(_("部分参保原因"), max_length=500, blank=True)
    member_count = models.PositiveIntegerField(_("参保人数"), default=0)
    eligible_count = models.PositiveIntegerField(_("在册会员数"), default=0)
    fee_total = money_field(_("应缴会费"), default=ZERO)
    payment_key = models.CharField(max_length=120, null=True, blank=True, unique=True)
    paid_on = models.DateField(_("缴费到账日期"), null=True, blank=True)
    covered_from = models.DateField(_("保障开始日期"), null=True, blank=True)
    policy_record_ids = models.JSONField(default=list, blank=True)
    review_comment = models.TextField(_("审核意见"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("整体参保")
        verbose_name_plural = _("整体参保")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["unit", "status"], name="mutual_enrol_unit_status")]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "unit"], condition=~Q(status="cancelled"), name="mutual_enrol_once_per_plan"
            ),
            models.CheckConstraint(condition=Q(fee_total__gte=0), name="mutual_enrol_fee_pos"),
        ]

    def __str__(self) -> str:
        return f"{self.plan} · {self.unit}"

    @property
    def source(self) -> str:
        """The ledger source of this enrolment's fee (``mutual_aid.enrolment:<pk>``)."""
        return f"mutual_aid.enrolment:{self.pk}"


class EnrolledMember(models.Model):
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="members")
    plan = models.ForeignKey("mutual_aid.Plan", on_delete=models.PROTECT, related_name="+", db_index=False)
    member = models.ForeignKey("members.Member", verbose_name=_("会员"), on_delete=models.PROTECT, related_name="+")
    tier = models.ForeignKey("mutual_aid.PlanTier", on_delete=models.PROTECT, related_name="+", db_index=False)
    fee = money_field(_("会费"))
    first_time = models.BooleanField(_("首次参保"), default=True)
    added_on = models.DateField(_("加入名单日期"))
    covered_from = models.DateField(_("保障开始"), null=True, blank=True)
    covered_to = models.DateField(_("保障结束"), null=True, blank=True)
    removed_on = models.DateField(_("移出名单日期"), null=True, blank=True)
    removed_reason = models.CharField(_("移出原因"), max_length=200, blank=True)
    # Left out of a partial enrolment (policy ``mutual_aid.allow_partial_enrolment``), with ``removed_reason``: the
    # row keeps the member's place on the list (never covered, no fee) so that corrections do not add them back.
    excluded = models.BooleanField(_("未参保（部分参保）"), default=False)

    class Meta:
        verbose_name = _("参保人员")
        verbose_name_plural = _("参保人员")
        indexes = [
            models.Index(fields=["member", "plan"], name="mutual_enrolled_member_plan"),
            models.Index(fields=["enrolment", "removed_on"], name="mutual_enrolled_list"),
        ]
        constraints = [
            # One live cover per member and plan, whichever union enrolled them.
            models.UniqueConstraint(
                fields=["plan", "member"], condition=Q(removed_on__isnull=True), name="mutual_enrolled_once"
            ),
            models.CheckConstraint(
                condition=Q(covered_to__isnull=True)
                | Q(covered_from__isnull=True)
                | Q(covered_to__gte=F("covered_from")),
                name="mutual_enrolled_dates",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member_id} @ {self.enrolment_id}"


class CorrectionStatus(models.TextChoices):
    DRAFT = "draft", _("编制中")
    CONFIRMED = "confirmed", _("待缴费")
    APPLIED = "applied", _("已生效")
    CANCELLED = "cancelled", _("已撤销")


class EnrolmentCorrection(models.Model):
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="corrections")
    month = models.DateField(_("调整月份"))  # the first day of the month
    status = models.CharField(
        _("状态"), max_length=12, choices=CorrectionStatus.choices, default=CorrectionStatus.DRAFT
    )
    # [{"member": id, "change": "add"|"remove", "reason": "...", "fee": "12.00"}]
    changes = models.JSONField(_("调整明细"), default=list)
    added = models.PositiveIntegerField(_("增员"), default=0)
    removed = models.PositiveIntegerField(_("减员"), default=0)
    fee_delta = money_field(_("会费差额"), default=ZERO)
    payment_key = models.CharField(max_length=120, null=True, blank=True, unique=True)
    paid_on = models.DateField(_("缴费到账日期"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("参保名单月度调整")
        verbose_name_plural = _("参保名单月度调整")
        ordering = ["-month", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment", "month"], condition=~Q(status="cancelled"), name="mutual_correction_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enrolment} {self.month:%Y-%m}"


class EnrolmentAction(models.TextChoices):
    CREATE = "create", _("生成名单")
    UPDATE = "update", _("调整名单")
    SUBMIT = "submit", _("提交审核")
    RETURN = "return", _("退回修改")
    CONFIRM = "confirm", _("审核通过")
    PAY = "pay", _("缴费到账")
    CORRECT = "correct", _("月度调整")
    CANCEL = "cancel", _("撤销")


class EnrolmentEvent(models.Model):
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="events")
    correction = models.ForeignKey(
        EnrolmentCorrection, null=True, blank=True, on_delete=models.CASCADE, related_name="events"
    )
    action = models.CharField(_("操作"), max_length=12, choices=EnrolmentAction.choices)
    from_status = models.CharField(max_length=12, blank=True)
    to_status = models.CharField(max_length=12)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    comment = models.TextField(blank=True)

    class Meta:
        verbose_name = _("参保办理记录")
        verbose_name_plural = _("参保办理记录")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.action} {self.to_status}"
