"""Business sources written by union funds (``finance.<kind>:<key>``), shown by name (``common.sources``)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gonghui.common.sources import SourceKind, SourceRef
from gonghui.finance.allocation import selectors as allocation
from gonghui.finance.dues import selectors as dues
from gonghui.finance.payments import selectors as payments
from gonghui.finance.payments.forms import MANUAL_SOURCE


def _dues_receipt(ref: SourceRef, actor: Any) -> str:
    receipt = dues.dues_receipt_get(actor=actor, receipt_id=ref.key)
    return reverse("finance:dues_receipt", args=[receipt.pk])


def _allocation_receipt(ref: SourceRef, actor: Any) -> str:
    receipt = allocation.receipt_get(actor=actor, receipt_id=ref.key)
    return reverse("finance:allocation_detail", args=[receipt.declaration_id])


def _late_settlement(ref: SourceRef, actor: Any) -> str:
    settlement = allocation.late_settlement_get(actor=actor, settlement_id=ref.key)
    return reverse("finance:allocation_detail", args=[settlement.declaration_id])


def _payment(ref: SourceRef, actor: Any) -> str:
    payment = payments.payment_get(actor=actor, payment_id=ref.key)
    return reverse("finance:payment_detail", args=[payment.pk])


SOURCES: list[SourceKind] = [
    SourceKind("finance.duesreceipt", _("会费收缴"), url=_dues_receipt),
    SourceKind("finance.allocationreceipt", _("拨缴经费到账"), url=_allocation_receipt),
    SourceKind("finance.latechargesettlement", _("滞纳金收取"), url=_late_settlement),
    SourceKind("finance.paymentrequest", _("资金支付"), url=_payment),
    SourceKind("finance.year_close", _("年度结账")),
    SourceKind(MANUAL_SOURCE, _("手工录入")),
]
