"""The console home's panel of union funds: budgets of the level below to approve, vouchers to review and payment
requests to approve (never one's own: the second person of separation of duties)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Min
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gonghui.authz import access
from gonghui.console.panels import Panel, Waiting, summarize
from gonghui.finance.models import Budget, BudgetStatus, PaymentRequest, PaymentStatus, Voucher, VoucherStatus
from gonghui.finance.permissions import APPROVE_BUDGET, APPROVE_PAYMENT, REVIEW_VOUCHER


def waiting(actor: Any) -> list[Waiting]:
    out: list[Waiting] = []
    if access.check_anywhere(actor, APPROVE_BUDGET):
        budgets = Budget.objects.filter(
            access.scope_q(actor, APPROVE_BUDGET, path_field="review_case__current_unit__path"),
            status=BudgetStatus.IN_REVIEW,
        ).exclude(prepared_by_id=actor.pk)
        out.append(
            summarize(
                budgets,
                label=_("年度预算待审批"),
                url=f"{reverse('finance:budget_list')}?awaiting=on",
                since="submitted_at",
            )
        )
    if access.check_anywhere(actor, REVIEW_VOUCHER):
        vouchers = Voucher.objects.filter(
            access.scope_q(actor, REVIEW_VOUCHER, path_field="ledger__unit__path"), status=VoucherStatus.SUBMITTED
        ).exclude(prepared_by_id=actor.pk)
        # One queue per set of books (the voucher list is per ledger).
        rows = (
            vouchers.order_by()
            .values("ledger_id", "ledger__unit__name")
            .annotate(n=Count("pk"), oldest=Min("updated_at"))
        )
        for row in rows:
            out.append(
                Waiting(
                    label=_("记账凭证待审核 · %(unit)s") % {"unit": row["ledger__unit__name"]},
                    count=row["n"],
                    url=f"{reverse('finance:voucher_list', args=[row['ledger_id']])}?status=submitted",
                    oldest=row["oldest"],
                )
            )
    if access.check_anywhere(actor, APPROVE_PAYMENT):
        payments = PaymentRequest.objects.filter(
            access.scope_q(actor, APPROVE_PAYMENT, path_field="ledger__unit__path"), status=PaymentStatus.REQUESTED
        ).exclude(requested_by_id=actor.pk)
        out.append(
            summarize(
                payments,
                label=_("支付申请待审批"),
                url=f"{reverse('finance:payment_list')}?status=requested",
                since="requested_at",
            )
        )
    return out


PANELS = [Panel(title=_("经费"), waiting=waiting, order=30)]
