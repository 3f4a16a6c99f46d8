"""Demo books and payments: what a demo login finds, balanced books, and a second run that changes nothing."""

from __future__ import annotations

import pytest

from gonghui.accounts.models import User
from gonghui.audit.models import AuditEvent
from gonghui.authz import access
from gonghui.demo import data
from gonghui.demo.seed import seed_demo
from gonghui.finance.ledger.selectors import ledger_problems
from gonghui.finance.models import Ledger, PaymentRequest, PaymentStatus, PeriodStatus, Voucher, VoucherStatus
from gonghui.finance.payments.selectors import my_payments
from gonghui.finance.permissions import APPROVE_PAYMENT, PREPARE_VOUCHER, REVIEW_VOUCHER

pytestmark = pytest.mark.django_db


def test_demo_books_and_payments():
    seed_demo()
    counts = (Voucher.objects.count(), PaymentRequest.objects.count(), AuditEvent.objects.count())
    seed_demo()
    assert (Voucher.objects.count(), PaymentRequest.objects.count(), AuditEvent.objects.count()) == counts

    names = set(Ledger.objects.values_list("unit__name", flat=True))
    assert {"浙江省总工会", "杭州市总工会", data.XIHU_GRASSROOTS} <= names
    assert ledger_problems() == []
    hz = Ledger.objects.get(unit__name="杭州市总工会", unit__depth=2)
    assert hz.periods.filter(status=PeriodStatus.CLOSED).count() == 1
    assert hz.vouchers.filter(status=VoucherStatus.SUBMITTED).count() == 1
    reversal = hz.vouchers.get(reverses__isnull=False)
    assert reversal.status == VoucherStatus.POSTED

    hz_staff = User.objects.get(username="hz_staff")
    checker = User.objects.get(username="fin_checker")
    assert access.check(hz_staff, PREPARE_VOUCHER, hz.unit)
    assert access.check(checker, REVIEW_VOUCHER, hz.unit)
    assert access.check(checker, APPROVE_PAYMENT, hz.unit)
    waiting = hz.vouchers.get(status=VoucherStatus.SUBMITTED)
    assert waiting.prepared_by != checker  # the checker can review it

    worker = User.objects.get(phone=data.DEMO_WORKER_PHONE)
    [paid] = my_payments(actor=worker)
    assert paid.status == PaymentStatus.PAID
    assert paid.voucher is not None
    assert paid.payee_member is not None
    assert len({paid.requested_by_id, paid.decided_by_id}) == 2
    assert paid.decided_by_id != paid.paid_by_id
    assert PaymentRequest.objects.filter(status=PaymentStatus.REQUESTED, ledger=hz).count() == 1
