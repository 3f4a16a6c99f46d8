"""Members' dues (会费).

- ``DuesWage``: a member's declared basic wage (the base of the monthly dues), one current row per member.
- ``DuesReceipt``: one collection posted as one voucher (Dr 1002 / Cr 4001) in the books of the union that keeps
  the members' dues: a single member's payment, an imported file, or an employer's payroll deduction for a month.
  ``recorded`` by a clerk, ``posted`` when a second person confirms it (separation of duties).
- ``DuesPayment``: one member's dues for one month inside a receipt. A month is paid once (``active`` rows).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gonghui.finance.models.allocation import ReceiptStatus
from gonghui.finance.models.ledger import ZERO, money_field


class DuesWage(models.Model):
    member = models.OneToOneField("members.Member", on_delete=models.PROTECT, related_name="+")
    wage = money_field(_("月基本工资"))
    declared_on = models.DateField(_("申报日期"))
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("会费基数")
        verbose_name_plural = _("会费基数")
        constraints = [models.CheckConstraint(condition=Q(wage__gte=0), name="finance_dues_wage_pos")]

    def __str__(self) -> str:
        return f"{self.member_id} {self.wage}"


class DuesKind(models.TextChoices):
    SINGLE = "single", _("个人缴纳")
    IMPORT = "import", _("文件导入")
    PAYROLL = "payroll", _("工资代扣")


class DuesReceipt(models.Model):
    unit = models.ForeignKey("orgs.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("入账工会"))
    kind = models.CharField(_("方式"), max_length=8, choices=DuesKind.choices)
    employer = models.ForeignKey(
        "orgs.Employer", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("代扣单位")
    )
    received_on = models.DateField(_("收款日期"))
    total = money_field(_("合计"), default=ZERO)
    count = models.PositiveIntegerField(_("笔数"), default=0)
    note = models.CharField(_("备注"), max_length=200, blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=ReceiptStatus.choices, default=ReceiptStatus.RECORDED)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)
    voucher = models.ForeignKey("finance.Voucher", null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("会费收款")
        verbose_name_plural = _("会费收款")
        ordering = ["-received_on", "-id"]
        indexes = [models.Index(fields=["unit", "status"], name="finance_dues_rcpt_idx")]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.received_on} {self.total}"


class DuesPayment(models.Model):
    receipt = models.ForeignKey(DuesReceipt, on_delete=models.PROTECT, related_name="payments")
    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="+", verbose_name=_("会员"))
    unit = models.ForeignKey("orgs.OrgUnit", on_delete=models.PROTECT, related_name="+")  # the member's union then
    month = models.DateField(_("所属月份"))  # first day of the month paid for
    wage = money_field(_("基本工资"), null=True, blank=True)
    amount = money_field(_("会费"))
    paid_on = models.DateField(_("缴纳日期"))
    posted = models.BooleanField(default=False)  # the receipt was confirmed (what counts as paid)
    active = models.BooleanField(default=True)  # False once the receipt was cancelled

    class Meta:
        verbose_name = _("会费缴纳记录")
        verbose_name_plural = _("会费缴纳记录")
        ordering = ["member", "-month"]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "month"], condition=Q(active=True), name="finance_dues_month_once"
            ),
            models.CheckConstraint(condition=Q(amount__gt=0), name="finance_dues_amount_pos"),
        ]
        indexes = [
            models.Index(fields=["member", "paid_on"], name="finance_dues_member_paid_idx"),
            models.Index(fields=["unit", "month"], name="finance_dues_unit_month_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.member_id} {self.month:%Y-%m}"


__all__ = ["DuesKind", "DuesPayment", "DuesReceipt", "DuesWage"]
