"""Mutual-aid claims (互助保障给付).

- ``Claim``: a claim of a covered member (or of a covered family member where the plan allows), filed from the
  portal or by a clerk, one benefit per claim. The benefit is computed line by line (``trace``: invoice amount →
  excluded items → deductible → ratio band → per-event cap → remaining yearly cap → payable), each line naming its
  rule and the plan version (``version``), stored with the claim: a new plan version never alters a past claim.
  A reviewer confirms, adjusts (with a reason) or rejects; an approved claim is paid through the finance ledger
  (one payment request per claim: ``payment_key``).
- ``ClaimInvoice``: one invoice of a claim. An invoice number is claimed once, whoever claims it (``active`` rows:
  a rejected or withdrawn claim frees its invoices).
- ``CapUsage``: what has been paid (or held by claims in review) against a yearly cap, per covered member, benefit
  and plan: the row a claim locks, so concurrent claims never exceed the cap.
- ``ClaimAppeal``: the member's one appeal of a decided claim, reviewed by the level above.
- ``ClaimBatch``: a union's monthly bulk upload of claims (``.xlsx``), all rows or none.
- ``ClaimEvent``: every status change of a claim or its appeal.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from gonghui.mutual_aid.models.plans import ZERO, BenefitKind, money_field

if TYPE_CHECKING:
    from gonghui.policy.trace import Trace

__all__ = [
    "AppealStatus",
    "CapUsage",
    "Claim",
    "ClaimAction",
    "ClaimAppeal",
    "ClaimBatch",
    "ClaimEvent",
    "ClaimInvoice",
    "ClaimStatus",
    "HOLDING_CLAIM_STATUSES",
    "Relation",
]


class ClaimStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    IN_REVIEW = "in_review", _("审核中")
    RETURNED = "returned", _("退回补正")
    APPROVED = "approved", _("已核定")
    REJECTED = "rejected", _("不予给付")
    WITHDRAWN = "withdrawn", _("已撤回")


# A claim in these statuses holds its invoice numbers (and its share of the yearly cap).
HOLDING_CLAIM_STATUSES = (ClaimStatus.DRAFT, ClaimStatus.IN_REVIEW, ClaimStatus.RETURNED, ClaimStatus.APPROVED)


class Relation(models.TextChoices):
    SELF = "self", _("本人")
    SPOUSE = "spouse", _("配偶")
    CHILD = "child", _("子女")
    PARENT = "parent", _("父母")


class Claim(models.Model):
    claim_no = models.CharField(_("给付编号"), max_length=24, unique=True)
    member = models.ForeignKey("members.Member", verbose_name=_("会员"), on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey("orgs.OrgUnit", verbose_name=_("所在工会"), on_delete=models.PROTECT, related_name="+")
    cover = models.ForeignKey(
        "mutual_aid.EnrolledMember", verbose_name=_("参保记录"), on_delete=models.PROTECT, related_name="claims"
    )
    plan = models.ForeignKey("mutual_aid.Plan", on_delete=models.PROTECT, related_name="+", db_index=False)
    version = models.ForeignKey(
        "mutual_aid.PlanVersion",
        verbose_name=_("规则版本"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    kind = models.CharField(_("保障责任"), max_length=12, choices=BenefitKind.choices)
    relation = models.CharField(_("就医人"), max_length=8, choices=Relation.choices, default=Relation.SELF)
    patient_name_cipher = models.TextField(_("就医人姓名（密文）"), blank=True)
    illness_code = models.CharField(_("病种代码"), max_length=32, blank=True)
    illness_cipher = models.TextField(_("病种/诊断（密文）"), blank=True)
    event_on = models.DateField(_("就诊（入院、出险）日期"))
    status = models.CharField(_("状态"), max_length=12, choices=ClaimStatus.choices, default=ClaimStatus.DRAFT)
    claimed_total = money_field(_("票据金额合计"), default=ZERO)
    computed = money_field(_("计算给付金额"), null=True, blank=True)
    amount = money_field(_("核定给付金额"), null=True, blank=True)
    adjust_reason = models.CharField(_("调整原因"), max_length=500, blank=True)
    trace = models.JSONField(_("计算过程"), default=dict, blank=True)
    policy_record_ids = models.JSONField(default=list, blank=True)
    review_case = models.ForeignKey(
        "review.ReviewCase", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    review_comment = models.TextField(_("审核意见"), blank=True)
    payer_unit = models.ForeignKey(
        "orgs.OrgUnit", verbose_name=_("付款工会"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    payment_key = models.CharField(max_length=120, null=True, blank=True, unique=True)
    batch = models.ForeignKey(
        "mutual_aid.ClaimBatch", null=True, blank=True, on_delete=models.PROTECT, related_name="claims"
    )
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    on_behalf = models.BooleanField(_("工会代办"), default=False)
    submitted_on = models.DateField(_("提交日期"), null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("互助保障给付申请")
        verbose_name_plural = _("互助保障给付申请")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["unit", "status"], name="mutual_claim_unit_status"),
            models.Index(fields=["member", "status"], name="mutual_claim_member_status"),
            models.Index(fields=["status", "submitted_on"], name="mutual_claim_status_day"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(claimed_total__gte=0), name="mutual_claim_total_pos"),
            models.CheckConstraint(condition=Q(amount__isnull=True) | Q(amount__gte=0), name="mutual_claim_amount_pos"),
        ]

    def __str__(self) -> str:
        return self.claim_no

    @property
    def source(self) -> str:
        """The payment source of this claim (``mutual_aid.claim:<pk>``)."""
        return f"mutual_aid.claim:{self.pk}"

    @property
    def trace_obj(self) -> Trace:
        from gonghui.policy.trace import Trace

        return Trace.from_json(self.trace)


class ClaimInvoice(models.Model):
    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="invoices")
    invoice_no = models.CharField(_("票据号码"), max_length=40)
    hospital = models.CharField(_("医疗机构"), max_length=120, blank=True)
    issued_on = models.DateField(_("票据日期"))
    amount = money_field(_("票据金额"))
    insurance_paid = money_field(_("医保已报销"), default=ZERO)
    excluded = money_field(_("除外金额"), default=ZERO)
    excluded_items = models.CharField(_("除外项目"), max_length=200, blank=True)
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("给付票据")
        verbose_name_plural = _("给付票据")
        constraints = [
            # An invoice number is claimed once, whoever claims it.
            models.UniqueConstraint(fields=["invoice_no"], condition=Q(active=True), name="mutual_invoice_once"),
            models.CheckConstraint(
                condition=Q(amount__gte=0) & Q(insurance_paid__gte=0) & Q(excluded__gte=0), name="mutual_invoice_pos"
            ),
            models.CheckConstraint(
                condition=Q(amount__gte=F("insurance_paid") + F("excluded")), name="mutual_invoice_sum"
            ),
        ]

    def __str__(self) -> str:
        return self.invoice_no


class CapUsage(models.Model):
    cover = models.ForeignKey("mutual_aid.EnrolledMember", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=12, choices=BenefitKind.choices)
    used = money_field(default=ZERO)

    class Meta:
        verbose_name = _("年度限额使用")
        verbose_name_plural = _("年度限额使用")
        constraints = [
            models.UniqueConstraint(fields=["cover", "kind"], name="mutual_capusage_once"),
            models.CheckConstraint(condition=Q(used__gte=0), name="mutual_capusage_pos"),
        ]

    def __str__(self) -> str:
        return f"{self.cover_id} {self.kind} {self.used}"


class AppealStatus(models.TextChoices):
    IN_REVIEW = "in_review", _("复核中")
    UPHELD = "upheld", _("维持原核定")
    CHANGED = "changed", _("改变核定")


class ClaimAppeal(models.Model):
    claim = models.OneToOneField(Claim, on_delete=models.CASCADE, related_name="appeal")
    reason = models.TextField(_("申诉理由"))
    status = models.CharField(_("状态"), max_length=12, choices=AppealStatus.choices, default=AppealStatus.IN_REVIEW)
    reviewer_unit = models.ForeignKey(
        "orgs.OrgUnit", verbose_name=_("复核工会"), on_delete=models.PROTECT, related_name="+"
    )
    review_case = models.ForeignKey(
        "review.ReviewCase", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    previous_amount = money_field(_("原核定金额"), null=True, blank=True)
    new_amount = money_field(_("复核后金额"), null=True, blank=True)
    decision = models.TextField(_("复核意见"), blank=True)
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    filed_on = models.DateField(_("申诉日期"))
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("给付申诉")
        verbose_name_plural = _("给付申诉")

    def __str__(self) -> str:
        return f"申诉 {self.claim_id}"


class ClaimBatch(models.Model):
    unit = models.ForeignKey("orgs.OrgUnit", verbose_name=_("上报工会"), on_delete=models.PROTECT, related_name="+")
    month = models.DateField(_("月份"))
    filename = models.CharField(_("文件名"), max_length=200)
    rows = models.PositiveIntegerField(_("行数"), default=0)
    total = money_field(_("计算给付合计"), default=ZERO)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("批量给付申请")
        verbose_name_plural = _("批量给付申请")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.unit} {self.month:%Y-%m}"


class ClaimAction(models.TextChoices):
    CREATE = "create", _("建立申请")
    SUBMIT = "submit", _("提交审核")
    RETURN = "return", _("退回补正")
    RESUBMIT = "resubmit", _("重新提交")
    APPROVE = "approve", _("核定给付")
    ADJUST = "adjust", _("调整核定")
    REJECT = "reject", _("不予给付")
    WITHDRAW = "withdraw", _("撤回")
    APPEAL = "appeal", _("提出申诉")
    APPEAL_DECIDE = "appeal_decide", _("申诉复核")


class ClaimEvent(models.Model):
    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("操作"), max_length=16, choices=ClaimAction.choices)
    from_status = models.CharField(max_length=12, blank=True)
    to_status = models.CharField(max_length=12)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    comment = models.TextField(blank=True)

    class Meta:
        verbose_name = _("给付办理记录")
        verbose_name_plural = _("给付办理记录")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.action} {self.to_status}"
