"""Console pages of payment requests (the portal's 我的款项 is in ``portal_views``). Thin: parse, call one
selector or service, render.

Recording a payment is idempotent in the service: a form posted twice (a double click, a reload) finds the request
paid and shows it as 已支付 without paying again. The payee's bank account is shown masked; the full number is
revealed on request to holders of ``finance.reveal_bank_account`` and the reveal is audited.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from gonghui.authz import access
from gonghui.authz.access import Actor
from gonghui.common.listing import paginate
from gonghui.common.params import int_param
from gonghui.console.actions import attempt
from gonghui.console.decorators import staff_required
from gonghui.finance import scope
from gonghui.finance.ledger import selectors
from gonghui.finance.models import AccountKind, PaymentRequest, PaymentStatus
from gonghui.finance.payments import selectors as selectors_payments
from gonghui.finance.payments import services as services_payments
from gonghui.finance.payments.forms import (
    MANUAL_SOURCE,
    PaymentFilterForm,
    PaymentRequestForm,
    RecordForm,
    RejectForm,
)
from gonghui.finance.permissions import APPROVE_PAYMENT, PAY, REQUEST_PAYMENT, REVEAL_BANK_ACCOUNT, VIEW_BOOKS
from gonghui.orgs.picker import unit_filter

PAYMENT_SORTS = {"-requested": "-requested_at", "requested": "requested_at", "-amount": "-amount", "amount": "amount"}


@staff_required
@require_GET
def payment_list(request: HttpRequest) -> HttpResponse:
    actor = request.user
    if not scope.can_read_anywhere(actor):
        raise access.Forbidden(_("您没有查看账务的权限。"))
    ledger_id = int_param(request.GET.get("ledger", ""))
    ledger = selectors.ledger_get(actor=actor, ledger_id=ledger_id) if ledger_id is not None else None
    form = PaymentFilterForm(request.GET or None)
    status = q = ""
    if form.is_valid():
        status, q = form.cleaned_data["status"], form.cleaned_data["q"].strip()
    picked = unit_filter(request, perm=VIEW_BOOKS, search_url="finance:payment_unit_search")
    qs = selectors_payments.payment_list(actor=actor, ledger=ledger, status=status, q=q, unit=picked.unit)
    listing = paginate(request, qs, sorts=PAYMENT_SORTS, default_sort="-requested")
    return render(
        request,
        "finance/payments/list.html",
        {"form": form, "listing": listing, "ledger": ledger, "unit_filter": picked},
    )


def _detail_context(actor: Actor, payment: PaymentRequest, **extra: Any) -> dict[str, Any]:
    held = access.perms_at(actor, payment.ledger.unit)
    status = payment.status
    events = selectors_payments.payment_events(actor=actor, payment=payment)
    return {
        "payment": payment,
        "events": events,
        "can_approve": status == PaymentStatus.REQUESTED
        and APPROVE_PAYMENT in held
        and payment.requested_by_id != actor.pk,
        "approve_own": status == PaymentStatus.REQUESTED
        and APPROVE_PAYMENT in held
        and payment.requested_by_id == actor.pk,
        "can_reject": status in (PaymentStatus.REQUESTED, PaymentStatus.APPROVED) and APPROVE_PAYMENT in held,
        "can_record": status == PaymentStatus.APPROVED and PAY in held and payment.decided_by_id != actor.pk,
        "record_own": status == PaymentStatus.APPROVED and PAY in held and payment.decided_by_id == actor.pk,
        "can_reveal": bool(payment.account_cipher) and REVEAL_BANK_ACCOUNT in held,
        "reject_form": RejectForm(),
        "record_form": RecordForm(initial={"paid_on": timezone.localdate()}),
        **extra,
    }


@staff_required
@require_GET
def payment_detail(request: HttpRequest, payment_id: int) -> HttpResponse:
    payment = selectors_payments.payment_get(actor=request.user, payment_id=payment_id)
    return render(request, "finance/payments/detail.html", _detail_context(request.user, payment))


@staff_required
@require_POST
@never_cache
def payment_reveal_account(request: HttpRequest, payment_id: int) -> HttpResponse:
    """The full bank account: an htmx swap of the masked number, or the page re-rendered with it (audited)."""
    actor = request.user
    payment = selectors_payments.payment_get(actor=actor, payment_id=payment_id)
    number = services_payments.payment_reveal_account(actor=actor, payment=payment)
    if getattr(request, "htmx", False):
        response = render(request, "finance/payments/_account.html", {"payment": payment, "revealed": number})
    else:
        response = render(request, "finance/payments/detail.html", _detail_context(actor, payment, revealed=number))
    return response


def _payment_for(request: HttpRequest, payment_id: int, perm: str) -> PaymentRequest:
    payment = selectors_payments.payment_get(actor=request.user, payment_id=payment_id)
    scope.require_action(request.user, perm, payment.ledger.unit)
    return payment


@staff_required
@require_POST
def payment_approve(request: HttpRequest, payment_id: int) -> HttpResponse:
    payment = _payment_for(request, payment_id, APPROVE_PAYMENT)
    attempt(
        request,
        lambda: services_payments.payment_approve(actor=access.require_user(request.user), payment=payment),
        success=_("支付申请已审批通过，待登记付款。"),
    )
    return redirect("finance:payment_detail", payment_id=payment.pk)


@staff_required
@require_POST
def payment_reject(request: HttpRequest, payment_id: int) -> HttpResponse:
    payment = _payment_for(request, payment_id, APPROVE_PAYMENT)
    form = RejectForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    attempt(
        request,
        lambda: services_payments.payment_reject(
            actor=access.require_user(request.user), payment=payment, reason=reason
        ),
        success=_("支付申请已驳回。"),
    )
    return redirect("finance:payment_detail", payment_id=payment.pk)


@staff_required
@require_POST
def payment_record(request: HttpRequest, payment_id: int) -> HttpResponse:
    """Record the payment (posts the voucher). Posted twice, the second answer says it is already paid."""
    payment = _payment_for(request, payment_id, PAY)
    form = RecordForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请填写支付日期。"))
        return redirect("finance:payment_detail", payment_id=payment.pk)
    outcome = attempt(
        request,
        lambda: services_payments.payment_record(
            actor=access.require_user(request.user),
            payment=payment,
            paid_on=form.cleaned_data["paid_on"],
            bank_reference=form.cleaned_data["bank_reference"],
        ),
    )
    if outcome.value is not None:
        payment, recorded = outcome.value
        if recorded:
            messages.success(request, _("已登记付款并生成记账凭证。"))
        else:
            messages.info(request, _("该款项已支付，本次未重复登记。"))
    return redirect("finance:payment_detail", payment_id=payment.pk)


@staff_required
@require_http_methods(["GET", "POST"])
def payment_create(request: HttpRequest, ledger_id: int) -> HttpResponse:
    """A payment request entered by finance staff (modules request payments through the service)."""
    actor = request.user
    ledger = selectors.ledger_get(actor=actor, ledger_id=ledger_id)
    scope.require_action(actor, REQUEST_PAYMENT, ledger.unit)
    accounts = selectors.postable_accounts(actor=actor, ledger=ledger).filter(kind=AccountKind.EXPENSE)
    form = PaymentRequestForm(request.POST or None, accounts=accounts)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        outcome = attempt(
            request,
            lambda: services_payments.payment_request(
                actor=access.require_user(actor),
                ledger=ledger,
                idempotency_key=data["idempotency_key"],
                source=MANUAL_SOURCE,
                purpose=data["purpose"],
                amount=data["amount"],
                expense_account=data["expense_account"],
                payee_name=data["payee_name"],
                bank_name=data["bank_name"],
                bank_account=data["bank_account"],
            ),
            form=form,
        )
        if outcome.value is not None:
            payment, created = outcome.value
            if created:
                messages.success(request, _("支付申请已提交，等待审批。"))
            else:
                messages.info(request, _("该支付申请已提交过，未重复创建。"))
            return redirect("finance:payment_detail", payment_id=payment.pk)
    return render(request, "finance/payments/form.html", {"ledger": ledger, "form": form})
