"""Employer allocation of union funds (拨缴经费).

- ``AllocationDeclaration``: an employer's payroll for a month and the allocation due on it (rate and due date
  fixed at declaration from the policy in force, with the policy trace kept).
- ``AllocationReceipt``: money received against a declaration: ``recorded`` by one person, ``posted`` when a
  second person confirms it (separation of duties): the receiving union's voucher and each upper level's voucher
  are generated then, one ``AllocationShare`` row per level.
- ``BankStatement`` / ``BankStatementLine``: an uploaded bank statement; lines matched to declarations by the
  employer's unified social credit code and amount, the rest listed for a human to match or dismiss.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gonghui.finance.models.ledger import ZERO, money_field


class AllocationDeclaration(models.Model):
    employer = models.ForeignKey(
        "orgs.Employer", on_delete=models.PROTECT, related_name="+", verbose_name=_("用人单位")
    )
    # The employer's union when declared: what scoping reads (the employer may later be re-attached).
    unit = models.ForeignKey("orgs.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("所属工会"))
    month = models.DateField(_("所属月份"))  # the first day of the payroll month
    payroll = money_field(_("工资总额"))
    headcount = models.PositiveIntegerField(_("职工人数"), default=0)
    rate = models.DecimalField(_("拨缴比例"), max_digits=8, decimal_places=6)
    amount = money_field(_("应缴经费"))
    due_on = models.DateField(_("缴纳截止日"))
    paid = money_field(_("已缴经费"), default=ZERO)  # sum of posted receipts (kept with F() on posting)
    # The day the late charge was settled in full (collected and/or waived once the principal was paid): until
    # then a declaration paid late stays on the arrears list.
    late_settled_on = models.DateField(_("滞纳金结清日"), null=True, blank=True)
    policy = models.JSONField(default=dict)  # the traces of the policies applied (rate, due day, shift)
    declared_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    declared_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("经费申报")
        verbose_name_plural = _("经费申报")
        ordering = ["-month", "employer_id"]
        constraints = [
            models.UniqueConstraint(fields=["employer", "month"], name="finance_alloc_decl_uniq"),
            models.CheckConstraint(condition=Q(payroll__gte=0, amount__gte=0, paid__gte=0), name="finance_decl_pos"),
        ]
        indexes = [
            models.Index(fields=["unit", "month"], name="finance_alloc_unit_month_idx"),
            models.Index(fields=["due_on"], name="finance_alloc_due_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.employer_id} {self.month:%Y-%m}"

    @property
    def outstanding(self) -> Decimal:
        return max(self.amount - self.paid, ZERO)


class ReceiptStatus(models.TextChoices):
    RECORDED = "recorded", _("待确认")
    POSTED = "posted", _("已入账")
    CANCELLED = "cancelled", pgettext_lazy("payment or receipt", "已撤销")


class ReceiptMethod(models.TextChoices):
    MANUAL = "manual", _("手工登记")
    BANK = "bank", _("银行流水导入")


class AllocationReceipt(models.Model):
    declaration = models.ForeignKey(AllocationDeclaration, on_delete=models.PROTECT, related_name="receipts")
    unit = models.ForeignKey("orgs.OrgUnit", on_delete=models.PROTECT, related_name="+")  # = declaration.unit
    amount = money_field(_("到账金额"))
    received_on = models.DateField(_("到账日期"))
    method = models.CharField(_("登记方式"), max_length=8, choices=ReceiptMethod.choices)
    reference = models.CharField(_("银行流水号"), max_length=64, blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=ReceiptStatus.choices, default=ReceiptStatus.RECORDED)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)
    policy = models.JSONField(default=dict)  # traces of the split policies applied on posting

    class Meta:
        verbose_name = _("经费到账")
        verbose_name_plural = _("经费到账")
        ordering = ["-received_on", "-id"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="finance_alloc_receipt_pos")]
        indexes = [models.Index(fields=["unit", "status"], name="finance_alloc_rcpt_idx")]

    def __str__(self) -> str:
        return f"{self.declaration_id} {self.amount}"


class ShareLevel(models.TextChoices):
    GRASSROOTS = "grassroots", _("基层留成")
    COUNTY = "county", _("县（区）级")
    CITY = "city", _("市级")
    PROVINCE = "province", _("省级")
    NATIONAL = "national", _("全国总工会")


class AllocationShare(models.Model):
    """One level's part of a posted receipt and where it was booked (``ledger`` is empty when no union up the
    chain keeps books: the receiving union then carries it as 2201 应付上级经费 with no counterpart here)."""

    receipt = models.ForeignKey(AllocationReceipt, on_delete=models.PROTECT, related_name="shares")
    level = models.CharField(_("层级"), max_length=10, choices=ShareLevel.choices)
    ratio = models.DecimalField(_("比例"), max_digits=8, decimal_places=6)
    amount = money_field(_("金额"))
    ledger = models.ForeignKey("finance.Ledger", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    voucher = models.ForeignKey("finance.Voucher", null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["receipt", "id"]
        constraints = [models.UniqueConstraint(fields=["receipt", "level"], name="finance_alloc_share_uniq")]

    def __str__(self) -> str:
        return f"{self.receipt_id} {self.level} {self.amount}"


class LateChargeKind(models.TextChoices):
    RECEIPT = "receipt", _("收取滞纳金")
    WAIVER = "waiver", _("减免滞纳金")


class LateChargeStatus(models.TextChoices):
    RECORDED = "recorded", _("待确认")
    CONFIRMED = "confirmed", _("已确认")
    CANCELLED = "cancelled", pgettext_lazy("payment or receipt", "已撤销")


class LateChargeSettlement(models.Model):
    """The late charge of a declaration collected (its own receipt, posted Dr 1002 / Cr 4901 其他收入 in the
    receiving union's books) or waived (with a reason), recorded by one person and confirmed or approved by
    another. Accepted once the principal is paid in full (the charge is final then)."""

    declaration = models.ForeignKey(AllocationDeclaration, on_delete=models.PROTECT, related_name="late_settlements")
    unit = models.ForeignKey("orgs.OrgUnit", on_delete=models.PROTECT, related_name="+")  # = declaration.unit
    kind = models.CharField(_("类别"), max_length=8, choices=LateChargeKind.choices)
    amount = money_field(_("金额"))
    on = models.DateField(_("日期"))  # the day received (a receipt) or the day waived (a waiver)
    reason = models.CharField(_("说明"), max_length=200, blank=True)  # required for a waiver
    reference = models.CharField(_("银行流水号"), max_length=64, blank=True)
    status = models.CharField(
        _("状态"), max_length=10, choices=LateChargeStatus.choices, default=LateChargeStatus.RECORDED
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)
    voucher = models.ForeignKey("finance.Voucher", null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("滞纳金收取或减免")
        verbose_name_plural = _("滞纳金收取或减免")
        ordering = ["-on", "-id"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="finance_late_settle_pos")]
        indexes = [models.Index(fields=["unit", "status"], name="finance_late_settle_idx")]

    def __str__(self) -> str:
        return f"{self.declaration_id} {self.kind} {self.amount}"


class BankStatement(models.Model):
    unit = models.ForeignKey("orgs.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("工会"))
    file_name = models.CharField(_("文件名"), max_length=200)
    sha256 = models.CharField(max_length=64)
    rows = models.PositiveIntegerField(default=0)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("银行流水")
        verbose_name_plural = _("银行流水")
        ordering = ["-uploaded_at", "-id"]

    def __str__(self) -> str:
        return self.file_name


class LineStatus(models.TextChoices):
    MATCHED = "matched", _("已匹配")
    UNMATCHED = "unmatched", _("未匹配")
    RECORDED = "recorded", _("已登记")
    DISMISSED = "dismissed", _("已忽略")


class BankStatementLine(models.Model):
    statement = models.ForeignKey(BankStatement, on_delete=models.CASCADE, related_name="lines")
    row = models.PositiveIntegerField(_("行号"))
    received_on = models.DateField(_("到账日期"), null=True, blank=True)
    payer = models.CharField(_("付款人"), max_length=120, blank=True)
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18, blank=True)
    amount = money_field(_("金额"), null=True, blank=True)
    reference = models.CharField(_("流水号"), max_length=64, blank=True)
    problem = models.CharField(_("问题"), max_length=200, blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=LineStatus.choices)
    declaration = models.ForeignKey(
        AllocationDeclaration, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    receipt = models.ForeignKey(AllocationReceipt, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    note = models.CharField(_("处理说明"), max_length=200, blank=True)

    class Meta:
        ordering = ["statement", "row"]
        constraints = [models.UniqueConstraint(fields=["statement", "row"], name="finance_bank_line_uniq")]

    def __str__(self) -> str:
        return f"{self.statement_id}:{self.row}"


__all__ = [
    "AllocationDeclaration",
    "AllocationReceipt",
    "AllocationShare",
    "BankStatement",
    "BankStatementLine",
    "LateChargeKind",
    "LateChargeSettlement",
    "LateChargeStatus",
    "LineStatus",
    "ReceiptMethod",
    "ReceiptStatus",
    "ShareLevel",
]
