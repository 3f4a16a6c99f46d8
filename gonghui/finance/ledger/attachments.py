"""Vouchers carry private attachments (scanned invoices and receipts) through the kernel's ``gonghui.attachments``.

Who may see a voucher's scans: whoever may read its books (the union's finance staff, the audit committees above).
Who may add or remove one: the union's preparer (``finance.prepare_voucher``), while the voucher is neither posted
nor voided. Every opening is audited (scans may carry names and bank details)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.attachments.registry import Kind, Owner
from gonghui.authz import access
from gonghui.finance import scope
from gonghui.finance.models import Voucher, VoucherStatus
from gonghui.finance.permissions import PREPARE_VOUCHER

INVOICE = "invoice"


def _unit(voucher: Voucher) -> Any:
    return voucher.ledger.unit


def _can_view(actor: access.Actor, voucher: Voucher) -> bool:
    return scope.can_read(actor, voucher.ledger.unit)


def _can_prepare(actor: access.Actor, voucher: Voucher) -> bool:
    return access.check(actor, PREPARE_VOUCHER, voucher.ledger.unit)


def _check_open(voucher: Voucher) -> None:
    if voucher.status in (VoucherStatus.POSTED, VoucherStatus.VOIDED):
        raise ValidationError(_("已记账或已作废的凭证不能再增减附件。"), code="stale")


VOUCHER_OWNER = Owner(
    model="finance.Voucher",
    unit=_unit,
    can_view=_can_view,
    can_add=_can_prepare,
    can_remove=_can_prepare,
    purposes={INVOICE: gettext_lazy("发票或收据")},
    kinds=frozenset({Kind.IMAGE, Kind.PDF}),
    max_count=30,
    sensitive=True,
    check_open=_check_open,
)
