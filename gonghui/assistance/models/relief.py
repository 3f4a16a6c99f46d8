"""Critical-illness relief (大病救助).

- ``ReliefClaim``: one member's claim for out-of-pocket medical costs after basic medical insurance, filed from the
  portal or by a clerk on the member's behalf; reviewed level by level (``assistance.relief``) and, once approved,
  paid through the finance ledger (one payment request per claim: ``payment_key``). The decided amount keeps its
  calculation trace and the policy records it used, so an old decision explains itself after a policy change.
- ``ReliefInvoice``: one medical invoice of a claim. A member's invoice number is claimed once (``active`` rows:
  a rejected or withdrawn claim frees its invoices).
- ``ReliefShare``: the relief of one cost band in a decided claim (statistics by band).
- ``ReliefEvent``: every status change of a claim.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from gonghui.policy.trace import Trace

ZERO = Decimal("0.00")

__all__ = [
    "HOLDING_STATUSES",
    "ReliefAction",
    "ReliefClaim",
    "ReliefEvent",
    "ReliefInvoice",
    "ReliefShare",
    "ReliefStatus",
]


def money_field(verbose_name: Any = None, **kwargs: Any) -> models.DecimalField[Decimal, Decimal]:
    return models.DecimalField(verbose_name, max_digits=16, decimal_places=2, **kwargs)


class ReliefStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    IN_REVIEW = "in_review", _("审核中")
    RETURNED = "returned", _("退回补正")
    APPROVED = "approved", _("已批准")
    REJECTED = "rejected", _("未批准")
    WITHDRAWN = "withdrawn", _("已撤回")


# A claim in these statuses holds its invoice numbers.
HOLDING_STATUSES = (ReliefStatus.DRAFT, ReliefStatus.IN_REVIEW, ReliefStatus.RETURNED, ReliefStatus.APPROVED)


class ReliefClaim(models.Model):
    member = models.ForeignKey(
        "members.Member", verbose_name=_("会员"), on_delete=models.PROTECT, related_name="+", db_index=False
    )
    unit = models.ForeignKey("orgs.OrgUnit", verbose_name=_("所在工会"), on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("状态"), max_length=12, choices=ReliefStatus.choices, default=ReliefStatus.DRAFT)
    diagnosis_cipher = models.TextField(_("病种/诊断（密文）"), blank=True)
    settlement_no = models.CharField(_("医保结算单号"), max_length=40, blank=True)
    settled_on = models.DateField(_("医保结算日期"), null=True, blank=True)
    out_of_pocket = money_field(_("个人自付合计"), default=ZERO)
    year = models.PositiveSmallIntegerField(_("救助年度"), null=True, blank=True)
    submitted_on = models.DateField(_("提交日期"), null=True, blank=True)
    computed_on = models.DateField(_("政策适用日期"), null=True, blank=True)
    amount = money_field(_("核定救助金额"), null=True, blank=True)
    cap_reduction = money_field(_("封顶扣减"), default=ZERO)
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
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    on_behalf = models.BooleanField(_("工会代办"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("大病救助申请")
        verbose_name_plural = _("大病救助申请")
        indexes = [
            models.Index(fields=["member", "year", "status"], name="assist_relief_member_year"),
            models.Index(fields=["unit", "status"], name="assist_relief_unit_status"),
            models.Index(fields=["status", "submitted_on"], name="assist_relief_status_day"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(out_of_pocket__gte=0), name="assist_relief_oop_pos"),
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | Q(amount__gte=0), name="assist_relief_amount_pos"
            ),
        ]

    def __str__(self) -> str:
        return f"大病救助 #{self.pk}"

    @property
    def source(self) -> str:
        """The payment source of this claim (``assistance.relief:<pk>``)."""
        return f"assistance.relief:{self.pk}"

    @property
    def trace_obj(self) -> Trace:
        from gonghui.policy.trace import Trace

        return Trace.from_json(self.trace)


class ReliefInvoice(models.Model):
    claim = models.ForeignKey(ReliefClaim, on_delete=models.CASCADE, related_name="invoices")
    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="+", db_index=False)
    invoice_no = models.CharField(_("票据号码"), max_length=40)
    hospital = models.CharField(_("医疗机构"), max_length=120)
    starts_on = models.DateField(_("就诊（入院）日期"))
    ends_on = models.DateField(_("出院（结算）日期"))
    total = money_field(_("医疗费用总额"))
    covered = money_field(_("医保报销"))
    out_of_pocket = money_field(_("个人自付"))
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("医疗票据")
        verbose_name_plural = _("医疗票据")
        constraints = [
            models.UniqueConstraint(
                fields=["member", "invoice_no"], condition=Q(active=True), name="assist_relief_invoice_once"
            ),
            models.CheckConstraint(
                condition=Q(total__gte=0) & Q(covered__gte=0) & Q(out_of_pocket__gte=0),
                name="assist_relief_invoice_pos",
            ),
            models.CheckConstraint(
                condition=Q(total__gte=F("covered") + F("out_of_pocket")), name="assist_relief_invoice_sum"
            ),
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="assist_relief_invoice_dates"),
        ]

    def __str__(self) -> str:
        return self.invoice_no


class ReliefShare(models.Model):
    claim = models.ForeignKey(ReliefClaim, on_delete=models.CASCADE, related_name="shares")
    band_from = money_field(_("分段起点"))
    band_to = models.DecimalField(_("分段终点"), max_digits=16, decimal_places=2, null=True, blank=True)
    rate = models.DecimalField(_("救助比例"), max_digits=6, decimal_places=4)
    base = money_field(_("计入金额"))
    amount = money_field(_("救助金额"))

    class Meta:
        verbose_name = _("分段救助")
        verbose_name_plural = _("分段救助")
        constraints = [models.UniqueConstraint(fields=["claim", "band_from"], name="assist_relief_share_once")]

    def __str__(self) -> str:
        return f"{self.band_from} × {self.rate}"


class ReliefAction(models.TextChoices):
    CREATE = "create", _("建立申请")
    SUBMIT = "submit", _("提交审核")
    RETURN = "return", _("退回补正")
    RESUBMIT = "resubmit", _("重新提交")
    APPROVE = "approve", _("批准")
    REJECT = "reject", _("不予批准")
    WITHDRAW = "withdraw", _("撤回")


class ReliefEvent(models.Model):
    claim = models.ForeignKey(ReliefClaim, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("操作"), max_length=20, choices=ReliefAction.choices)
    from_status = models.CharField(max_length=12, blank=True)
    to_status = models.CharField(max_length=12)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    comment = models.TextField(blank=True)

    class Meta:
        verbose_name = _("大病救助办理记录")
        verbose_name_plural = _("大病救助办理记录")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.action} {self.to_status}"
