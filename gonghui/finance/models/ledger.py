"""The books (账套) of a union: chart of accounts, monthly periods, vouchers and the append-only ledger.

- ``Ledger``: one per union with financial independence (``unit``), opened with a chart of accounts seeded from
  the union accounting system's categories and editable per union.
- ``Period``: a month of a ledger; ``open`` until finance staff close it (in order); a closed period refuses
  postings. Posted vouchers are numbered per period without gaps (``next_number``).
- ``Voucher`` (记账凭证) with ``VoucherLine``\\ s that must balance: ``draft → submitted → approved → posted``,
  returned to draft or voided before posting; the reviewer is never the preparer. A posted voucher is never
  edited or deleted: a correction is a reversing voucher (``reverses``).
- Year-end closing (结转): a generated voucher (``closes_year``) moves the year's income and expenditure balances
  into 工会资金结余; it goes through the same review. Statements of income and expenditure leave it out.
- ``Entry``: what posting writes — one append-only row per line. Every balance and report reads entries only.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gonghui.common.datanames import dataname
from gonghui.common.models import AppendOnlyModel

ZERO = Decimal("0.00")


def money_field(verbose_name: object = None, **kwargs: object) -> models.DecimalField[Decimal, Decimal]:
    """Money in yuan: a ``Decimal`` with two places (never a float)."""
    return models.DecimalField(verbose_name, max_digits=16, decimal_places=2, **kwargs)  # type: ignore[arg-type]


class AccountKind(models.TextChoices):
    ASSET = "asset", _("资产类")
    LIABILITY = "liability", _("负债类")
    NET_ASSETS = "net_assets", _("净资产类")
    INCOME = "income", _("收入类")
    EXPENSE = "expense", _("支出类")


DEBIT_NORMAL = frozenset({AccountKind.ASSET, AccountKind.EXPENSE})


class Ledger(models.Model):
    unit = models.OneToOneField("orgs.OrgUnit", on_delete=models.PROTECT, related_name="ledger", verbose_name=_("工会"))
    opened_on = models.DateField(_("建账日期"))
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    opened_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("账套")
        verbose_name_plural = _("账套")

    def __str__(self) -> str:
        return f"{self.unit.name}"


class Account(models.Model):
    ledger = models.ForeignKey(Ledger, on_delete=models.PROTECT, related_name="accounts")
    code = models.CharField(_("科目编码"), max_length=20)
    name = models.CharField(_("科目名称"), max_length=60)
    kind = models.CharField(_("科目类别"), max_length=12, choices=AccountKind.choices)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    is_active = models.BooleanField(_("启用"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("会计科目")
        verbose_name_plural = _("会计科目")
        ordering = ["ledger", "code"]
        constraints = [models.UniqueConstraint(fields=["ledger", "code"], name="finance_account_code_uniq")]

    def __str__(self) -> str:
        return f"{self.code} {self.display_name}"

    @property
    def display_name(self) -> str:
        """The name in the reader's language (``common.datanames``)."""
        return dataname(self.name)

    @property
    def debit_normal(self) -> bool:
        return self.kind in DEBIT_NORMAL


class PeriodStatus(models.TextChoices):
    OPEN = "open", _("未结账")
    CLOSED = "closed", _("已结账")


class Period(models.Model):
    ledger = models.ForeignKey(Ledger, on_delete=models.PROTECT, related_name="periods")
    year = models.PositiveSmallIntegerField(_("年度"))
    month = models.PositiveSmallIntegerField(_("月份"))
    status = models.CharField(_("状态"), max_length=8, choices=PeriodStatus.choices, default=PeriodStatus.OPEN)
    next_number = models.PositiveIntegerField(default=1)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("会计期间")
        verbose_name_plural = _("会计期间")
        ordering = ["ledger", "year", "month"]
        constraints = [
            models.UniqueConstraint(fields=["ledger", "year", "month"], name="finance_period_uniq"),
            models.CheckConstraint(condition=Q(month__gte=1, month__lte=12), name="finance_period_month"),
        ]

    def __str__(self) -> str:
        return f"{self.year}-{self.month:02d}"

    @property
    def is_open(self) -> bool:
        return self.status == PeriodStatus.OPEN


class VoucherStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("待审核")
    APPROVED = "approved", _("已审核")
    POSTED = "posted", _("已记账")
    VOIDED = "voided", _("已作废")


class Voucher(models.Model):
    ledger = models.ForeignKey(Ledger, on_delete=models.PROTECT, related_name="vouchers")
    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="vouchers")
    date = models.DateField(_("凭证日期"))
    number = models.PositiveIntegerField(_("凭证号"), null=True, blank=True)
    summary = models.CharField(_("摘要"), max_length=200)
    status = models.CharField(_("状态"), max_length=10, choices=VoucherStatus.choices, default=VoucherStatus.DRAFT)
    prepared_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    posted_at = models.DateTimeField(null=True, blank=True)
    reverses = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="reversals", verbose_name=_("被冲销凭证")
    )
    # The business object behind a generated voucher ("finance.paymentrequest:42").
    source = models.CharField(max_length=80, blank=True, default="")
    # A year-end closing voucher (结转): the year whose income and expenditure it closes into 工会资金结余. Its
    # lines are generated (never edited) and must equal the year's balances when it is reviewed and posted.
    closes_year = models.PositiveSmallIntegerField(_("结转年度"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("记账凭证")
        verbose_name_plural = _("记账凭证")
        ordering = ["-date", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["period", "number"], condition=Q(number__isnull=False), name="finance_voucher_number_uniq"
            )
        ]
        indexes = [models.Index(fields=["ledger", "status", "date"], name="finance_voucher_ledger_idx")]

    def __str__(self) -> str:
        if self.number:
            return f"记-{self.period}-{self.number:04d}"
        return f"{self.summary}"

    @property
    def label(self) -> str:
        return str(self)


class VoucherLine(models.Model):
    voucher = models.ForeignKey(Voucher, on_delete=models.CASCADE, related_name="lines")
    position = models.PositiveSmallIntegerField()
    account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="+", verbose_name=_("科目"))
    summary = models.CharField(_("摘要"), max_length=200, blank=True)
    debit = money_field(_("借方金额"), default=ZERO)
    credit = money_field(_("贷方金额"), default=ZERO)

    class Meta:
        ordering = ["voucher", "position"]
        constraints = [
            models.CheckConstraint(
                # One side only; negative amounts are a red reversal's (红字冲销), checked by the services.
                condition=((~Q(debit=0) & Q(credit=0)) | (Q(debit=0) & ~Q(credit=0))),
                name="finance_line_one_side",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.account_id} {self.debit}/{self.credit}"


class VoucherEvent(AppendOnlyModel):
    voucher = models.ForeignKey(Voucher, on_delete=models.PROTECT, related_name="events")
    action = models.CharField(max_length=20)
    from_status = models.CharField(max_length=10, blank=True)
    to_status = models.CharField(max_length=10)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    comment = models.CharField(max_length=500, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["voucher", "id"]

    def __str__(self) -> str:
        return f"{self.voucher_id} {self.action}"


class Entry(AppendOnlyModel):
    """One posted line (分录) of the ledger. Written once by posting; balances and reports read only these."""

    ledger = models.ForeignKey(Ledger, on_delete=models.PROTECT, related_name="+")
    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="+")
    account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="entries")
    voucher = models.ForeignKey(Voucher, on_delete=models.PROTECT, related_name="entries")
    position = models.PositiveSmallIntegerField()
    date = models.DateField()
    summary = models.CharField(max_length=200, blank=True)
    debit = money_field(default=ZERO)
    credit = money_field(default=ZERO)

    class Meta:
        verbose_name = _("分录")
        verbose_name_plural = _("分录")
        ordering = ["date", "voucher_id", "position"]
        constraints = [
            # One side only, negative for a red reversal's entries (红字冲销).
            models.CheckConstraint(
                condition=((~Q(debit=0) & Q(credit=0)) | (Q(debit=0) & ~Q(credit=0))), name="finance_entry_one_side"
            ),
            models.UniqueConstraint(fields=["voucher", "position"], name="finance_entry_line_uniq"),
        ]
        indexes = [
            models.Index(fields=["ledger", "period", "account"], name="finance_entry_period_idx"),
            models.Index(fields=["account", "date"], name="finance_entry_account_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.voucher_id}/{self.position}"

    @property
    def amount(self) -> Decimal:
        return self.debit - self.credit


__all__ = [
    "DEBIT_NORMAL",
    "money_field",
    "ZERO",
    "Account",
    "AccountKind",
    "Entry",
    "Ledger",
    "Period",
    "PeriodStatus",
    "Voucher",
    "VoucherEvent",
    "VoucherLine",
    "VoucherStatus",
]
