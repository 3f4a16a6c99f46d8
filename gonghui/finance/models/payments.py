"""Payments through the books (资金支付): the one way a module pays money.

A module (hardship aid, mutual-aid benefits, recuperation subsidies, prizes, ...) calls
``finance.services.payment_request(..., idempotency_key=...)`` once it has decided to pay. The request names the
payer's ledger, the business object (``source``), the payee (a member and/or a user for the portal; the bank
account only encrypted, shown masked), the amount in yuan and the expense account (budget line). Finance staff
approve it (or reject it with a reason) and record the payment, which posts the voucher; a payment is recorded once.

``idempotency_key`` is unique within the paying ledger: the same key twice in one ledger, or two concurrent requests
with it, give one request; the same key with different content is refused there. Another ledger's keys are never
seen: the same key in two ledgers makes two requests (one union cannot learn, or take, another union's keys).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gonghui.common.models import AppendOnlyModel
from gonghui.finance.models.ledger import money_field


class PaymentStatus(models.TextChoices):
    REQUESTED = "requested", _("待审批")
    APPROVED = "approved", _("待支付")
    PAID = "paid", _("已支付")
    REJECTED = "rejected", _("已驳回")
    CANCELLED = "cancelled", pgettext_lazy("payment or receipt", "已撤销")


class PaymentRequest(models.Model):
    ledger = models.ForeignKey("finance.Ledger", on_delete=models.PROTECT, related_name="payments")
    idempotency_key = models.CharField(max_length=120)
    fingerprint = models.CharField(max_length=64)
    source = models.CharField(_("业务来源"), max_length=80)
    purpose = models.CharField(_("用途"), max_length=200)
    amount = money_field(_("金额（元）"))
    expense_account = models.ForeignKey(
        "finance.Account", on_delete=models.PROTECT, related_name="+", verbose_name=_("支出科目")
    )
    payee_name = models.CharField(_("收款人"), max_length=100)
    payee_member = models.ForeignKey(
        "members.Member", null=True, blank=True, on_delete=models.PROTECT, related_name="payments"
    )
    payee_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="payments"
    )
    bank_name = models.CharField(_("开户银行"), max_length=100, blank=True)
    account_cipher = models.TextField(blank=True)
    account_masked = models.CharField(_("收款账号"), max_length=40, blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=PaymentStatus.choices, default=PaymentStatus.REQUESTED)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    reason = models.CharField(_("驳回或撤销理由"), max_length=500, blank=True)
    paid_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    paid_at = models.DateTimeField(null=True, blank=True)
    paid_on = models.DateField(_("支付日期"), null=True, blank=True)
    bank_reference = models.CharField(_("银行流水号"), max_length=64, blank=True)
    voucher = models.OneToOneField(
        "finance.Voucher", null=True, blank=True, on_delete=models.PROTECT, related_name="payment"
    )

    class Meta:
        verbose_name = _("支付申请")
        verbose_name_plural = _("支付申请")
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["ledger", "idempotency_key"], name="finance_payment_key_per_ledger"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="finance_payment_positive"),
            models.CheckConstraint(
                condition=~Q(status="paid") | Q(voucher__isnull=False), name="finance_payment_paid_has_voucher"
            ),
        ]
        indexes = [
            models.Index(fields=["ledger", "status"], name="finance_payment_ledger_idx"),
            models.Index(fields=["source"], name="finance_payment_source_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.purpose} ¥{self.amount}"


class PaymentEvent(AppendOnlyModel):
    payment = models.ForeignKey(PaymentRequest, on_delete=models.PROTECT, related_name="events")
    action = models.CharField(max_length=20)
    from_status = models.CharField(max_length=10, blank=True)
    to_status = models.CharField(max_length=10)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    comment = models.CharField(max_length=500, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["payment", "id"]

    def __str__(self) -> str:
        return f"{self.payment_id} {self.action}"


__all__ = ["PaymentEvent", "PaymentRequest", "PaymentStatus"]
