"""Payments through the books: the service API every paying module uses.

``payment_request`` is idempotent on ``idempotency_key`` within the paying ledger (the same key twice, or twice at
once, gives one request; the same key with different content is refused; another ledger's keys are not looked at);
finance approves or rejects it; ``payment_record`` records the payment once, posting the voucher (Dr the expense
account, Cr the bank account) in the payer's books.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.accounts.models import User
from gonghui.audit.services import audit_record
from gonghui.authz import access
from gonghui.authz.access import Actor
from gonghui.common import crypto
from gonghui.common.money import money
from gonghui.common.statemachine import StateMachine
from gonghui.finance import scope
from gonghui.finance.budgets.services import payment_budget_gate
from gonghui.finance.ledger.chart import BANK
from gonghui.finance.ledger.services import LineInput, voucher_generate
from gonghui.finance.models import (
    Account,
    AccountKind,
    Ledger,
    PaymentEvent,
    PaymentRequest,
    PaymentStatus,
)
from gonghui.finance.permissions import APPROVE_PAYMENT, PAY, REQUEST_PAYMENT, REVEAL_BANK_ACCOUNT
from gonghui.notifications.registry import Category
from gonghui.notifications.services import notify, platform_language

ACCOUNT_AAD = b"finance.bank_account"


def _mask_account(number: str) -> str:
    return f"**** {number[-4:]}" if len(number) > 4 else "****"


def _clean_bank_account(raw: str) -> str:
    number = "".join(raw.split()).replace("-", "")
    if number and (not (number.isascii() and number.isdigit()) or not 8 <= len(number) <= 32):
        raise ValidationError(_("收款账号应为 8 至 32 位数字。"), code="bank_account")
    return number


def _fingerprint(**fields: object) -> str:
    return hashlib.sha256(json.dumps(fields, sort_keys=True, default=str).encode()).hexdigest()


def payment_request(
    *,
    actor: User,
    ledger: Ledger,
    idempotency_key: str,
    source: str,
    purpose: str,
    amount: object,
    expense_account: Account,
    payee_name: str,
    payee_member: Any = None,
    payee_user: Any = None,
    bank_name: str = "",
    bank_account: str = "",
    authorized_by: str = "",
) -> tuple[PaymentRequest, bool]:
    """Ask the payer's finance staff to pay. Returns ``(request, created)``.

    A module that has already authorised its own decision (e.g. a hardship-aid approval) names the permission it
    checked in ``authorized_by``; otherwise the actor needs ``finance.request_payment`` at the payer union."""
    if authorized_by:
        access.require_visible(actor, authorized_by, ledger.unit)
    else:
        scope.require_action(actor, REQUEST_PAYMENT, ledger.unit)
    key = idempotency_key.strip()
    if not key or len(key) > 120:
        raise ValidationError(_("幂等键不能为空，且不超过 120 个字符。"), code="idempotency_key")
    value = money(amount)
    if value <= 0:
        raise ValidationError(_("金额必须大于零。"), code="amount")
    if expense_account.ledger_id != ledger.pk or expense_account.kind != AccountKind.EXPENSE:
        raise ValidationError(_("支出科目须为付款工会账套中的支出类科目。"), code="account")
    if not expense_account.is_active or expense_account.children.exists():
        raise ValidationError(_("支出科目须为启用的明细科目。"), code="account")
    payee_name, purpose = payee_name.strip(), purpose.strip()
    if not payee_name or not purpose:
        raise ValidationError(_("请填写收款人和用途。"), code="required")
    number = _clean_bank_account(bank_account)
    fingerprint = _fingerprint(
        ledger=ledger.pk,
        source=source,
        purpose=purpose,
        amount=str(value),
        account=expense_account.pk,
        payee=payee_name,
        member=getattr(payee_member, "pk", None),
        user=getattr(payee_user, "pk", None),
        bank=bank_name.strip(),
        number=hashlib.sha256(number.encode()).hexdigest(),
    )
    existing = PaymentRequest.objects.filter(ledger=ledger, idempotency_key=key).first()
    if existing is not None:
        return _same(existing, fingerprint), False
    try:
        with transaction.atomic():
            # Budget control (budgets part): "block" raises, "warn" returns a note kept on the request event.
            # Inside the transaction, so the gate's lock on the approved budget serialises concurrent requests.
            budget_note = payment_budget_gate(ledger, expense_account, value)
            payment = PaymentRequest.objects.create(
                ledger=ledger,
                idempotency_key=key,
                fingerprint=fingerprint,
                source=source[:80],
                purpose=purpose[:200],
                amount=value,
                expense_account=expense_account,
                payee_name=payee_name[:100],
                payee_member=payee_member,
                payee_user=payee_user,
                bank_name=bank_name.strip()[:100],
                account_cipher=crypto.encrypt(number, associated=ACCOUNT_AAD) if number else "",
                account_masked=_mask_account(number) if number else "",
                requested_by=actor,
            )
            PaymentEvent.objects.create(
                payment=payment, action="request", to_status=payment.status, actor=actor, comment=budget_note
            )
            audit_record(
                actor=actor,
                action="finance.payment_request",
                target=payment,
                unit=ledger.unit,
                data={"amount": str(value), "source": source, "authorized_by": authorized_by or None},
            )
    except IntegrityError:
        # A concurrent request with the same key won the insert: answer with its row.
        return _same(PaymentRequest.objects.get(ledger=ledger, idempotency_key=key), fingerprint), False
    return payment, True


def _same(existing: PaymentRequest, fingerprint: str) -> PaymentRequest:
    if existing.fingerprint != fingerprint:
        raise ValidationError(_("该幂等键已用于内容不同的支付申请。"), code="idempotency_conflict")
    return existing


def _locked(payment: PaymentRequest) -> PaymentRequest:
    # Lock the request only, not the ledger and unit rows of the join (see ``services._locked``).
    return PaymentRequest.objects.select_for_update(of=("self",)).select_related("ledger__unit").get(pk=payment.pk)


def _payment_refusal(status: str, action: str) -> ValidationError:
    return ValidationError(
        _("支付申请当前状态为“%(status)s”，不能执行该操作。") % {"status": PaymentStatus(status).label}, code="stale"
    )


PAYMENT = StateMachine.of_actions(
    {
        "approve": ((PaymentStatus.REQUESTED,), PaymentStatus.APPROVED),
        "reject": ((PaymentStatus.REQUESTED, PaymentStatus.APPROVED), PaymentStatus.REJECTED),
        "pay": ((PaymentStatus.APPROVED,), PaymentStatus.PAID),
    },
    refusal=_payment_refusal,
)


def _move(payment: PaymentRequest, action: str, actor: User, comment: str = "") -> None:
    from_status, to_status = PAYMENT.move(payment, action)
    PaymentEvent.objects.create(
        payment=payment, action=action, from_status=from_status, to_status=to_status, actor=actor, comment=comment
    )


def payment_approve(*, actor: User, payment: PaymentRequest) -> PaymentRequest:
    scope.require_action(actor, APPROVE_PAYMENT, payment.ledger.unit)
    with transaction.atomic():
        payment = _locked(payment)
        if payment.requested_by_id == actor.pk:
            raise ValidationError(_("审批人不能是申请人本人。"), code="duties")
        _move(payment, "approve", actor)
        payment.decided_by, payment.decided_at = actor, timezone.now()
        payment.save(update_fields=["status", "decided_by", "decided_at"])
        audit_record(actor=actor, action="finance.payment_approve", target=payment, unit=payment.ledger.unit)
    return payment


def payment_reject(*, actor: User, payment: PaymentRequest, reason: str) -> PaymentRequest:
    scope.require_action(actor, APPROVE_PAYMENT, payment.ledger.unit)
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("请填写驳回理由。"), code="reason")
    with transaction.atomic():
        payment = _locked(payment)
        _move(payment, "reject", actor, reason)
        payment.decided_by, payment.decided_at, payment.reason = actor, timezone.now(), reason[:500]
        payment.save(update_fields=["status", "decided_by", "decided_at", "reason"])
        audit_record(
            actor=actor,
            action="finance.payment_reject",
            target=payment,
            unit=payment.ledger.unit,
            data={"reason": reason},
        )
    return payment


def payment_record(
    *, actor: User, payment: PaymentRequest, paid_on: date, bank_reference: str = ""
) -> tuple[PaymentRequest, bool]:
    """Record that an approved request was paid, posting its voucher. Returns ``(payment, recorded_now)``: a
    second call (a double click, a retry) finds it paid and records nothing."""
    scope.require_action(actor, PAY, payment.ledger.unit)
    with transaction.atomic():
        payment = _locked(payment)
        if payment.status == PaymentStatus.PAID:
            return payment, False
        if payment.status == PaymentStatus.APPROVED and payment.decided_by_id == actor.pk:
            raise ValidationError(_("登记付款的人不能是审批人本人。"), code="duties")
        _move(payment, "pay", actor, bank_reference)
        ledger = payment.ledger
        bank = Account.objects.filter(ledger=ledger, code=BANK).first()
        if bank is None or not bank.is_active:
            raise ValidationError(_("账套中没有启用的“银行存款”科目（%(code)s）。") % {"code": BANK}, code="bank")
        summary = _("支付：%(purpose)s（%(payee)s）") % {"purpose": payment.purpose, "payee": payment.payee_name}
        voucher = voucher_generate(
            ledger=ledger,
            day=paid_on,
            summary=summary,
            source=f"finance.paymentrequest:{payment.pk}",
            lines=[
                LineInput(account=payment.expense_account, debit=payment.amount, summary=summary),
                LineInput(account=bank, credit=payment.amount, summary=summary),
            ],
            prepared_by=actor,
            reviewed_by=payment.decided_by,
        )
        payment.voucher, payment.paid_by, payment.paid_at = voucher, actor, timezone.now()
        payment.paid_on, payment.bank_reference = paid_on, bank_reference.strip()[:64]
        payment.save(update_fields=["status", "voucher", "paid_by", "paid_at", "paid_on", "bank_reference"])
        audit_record(
            actor=actor,
            action="finance.payment_record",
            target=payment,
            unit=ledger.unit,
            data={"voucher": voucher.pk, "number": voucher.number, "paid_on": paid_on.isoformat()},
        )
        _notify_paid(payment)
    return payment, True


PAID_CATEGORY = "finance.payment"
CATEGORIES = [
    Category(
        PAID_CATEGORY,
        gettext_lazy("款项支付"),
        gettext_lazy("工会向您支付的帮扶金、互助金、慰问金等已付出"),
        sms_default=False,
        order=60,
    ),
]


def _notify_paid(payment: PaymentRequest) -> None:
    """The worker paid (``payee_user``, else the payee member's account) is told once the payment is recorded."""
    user = payment.payee_user
    if user is None and payment.payee_member is not None:
        user = payment.payee_member.user
    if user is None:
        return
    with platform_language():
        notify(
            user=user,
            category=PAID_CATEGORY,
            title=_("款项已支付：%(amount)s 元") % {"amount": f"{payment.amount:,.2f}"},
            body=_("“%(purpose)s”的款项已于 %(day)s 支付，请留意银行到账。")
            % {"purpose": payment.purpose, "day": payment.paid_on.isoformat() if payment.paid_on else ""},
            url=reverse("finance_portal:my_payments"),
            key=f"finance.payment_paid:{payment.pk}",
        )


def payment_reveal_account(*, actor: Actor, payment: PaymentRequest) -> str:
    """The payee's full bank account number; needs a permission and is audited."""
    scope.require_action(actor, REVEAL_BANK_ACCOUNT, payment.ledger.unit)
    if not payment.account_cipher:
        return ""
    with transaction.atomic():
        audit_record(actor=actor, action="finance.payment_reveal_account", target=payment, unit=payment.ledger.unit)
    return crypto.decrypt(payment.account_cipher, associated=ACCOUNT_AAD)
