"""Demo books and payments: what a demo login finds, balanced books, and a second run that changes nothing."""

from __future__ import annotations

import pytest

from gonghui.accounts.models import User
from gonghui.audit.models import AuditEvent
from gonghui.authz import access
from gonghui.demo import data
from gonghui.demo.seed import world
from gonghui.finance.ledger.selectors import ledger_problems
from gonghui.finance.models import Ledger, PaymentRequest, PaymentStatus, PeriodStatus, Voucher, VoucherStatus
from gonghui.finance.payments.selectors import my_payments
from gonghui.finance.permissions import APPROVE_PAYMENT, PREPARE_VOUCHER, REVIEW_VOUCHER

pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("demo"), pytest.mark.usefixtures("demo")]


def test_demo_books_and_payments():
    counts = (Voucher.objects.count(), PaymentRequest.objects.count(), AuditEvent.objects.count())
    from gonghui.finance import demo as module_demo

    module_demo.seed(world())
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
    paid_to_her = my_payments(actor=worker)
    assert {p.source.split(":")[0] for p in paid_to_her} == {
        "assistance.support",
        "assistance.relief",
        "assistance.campaign",
        "mutual_aid.claim",
        "congress.suggestion",
    }
    for paid in paid_to_her:
        assert paid.status == PaymentStatus.PAID
        assert paid.voucher is not None
        assert paid.payee_member is not None
        assert len({paid.requested_by_id, paid.decided_by_id}) == 2
        assert paid.decided_by_id != paid.paid_by_id
    waiting_payments = PaymentRequest.objects.filter(status=PaymentStatus.REQUESTED, ledger=hz)
    assert {p.source.split(":")[0] for p in waiting_payments} == {
        "demo.recuperation",
        "assistance.campaign",
        "honors.studio_grant",
    }


def test_the_demo_dates_follow_its_books_and_the_province_rules_are_policy_records(demo):
    """Issue 22: no demo voucher collides with its own books (before their opening or in a closed month), twice;
    the demo province's funds rules are policy records, not code defaults; last year is closed in the province's
    books, so this year opens with no income or expenditure balance."""
    from datetime import date

    from django.utils import timezone

    from gonghui.finance.closing.selectors import final_accounts
    from gonghui.finance.ledger.selectors import trial_balance
    from gonghui.finance.models import AccountKind, AllocationDeclaration
    from gonghui.policy.models import PolicyRecord

    lines = demo.lines  # what both runs said
    assert not [x for x in lines if "not posted" in x or "已结账" in x or "建账日期" in x], lines
    assert ledger_problems() == []

    province = Ledger.objects.get(unit__depth=1, unit__name=data.PROVINCE[0])
    keys = set(PolicyRecord.objects.filter(unit=province.unit).values_list("key", flat=True))
    assert {
        "finance.allocation_rate",
        "finance.grassroots_share",
        "finance.allocation_upper_shares",
        "finance.allocation_national_share",
        "finance.allocation_late_rate",
        "finance.dues_rate",
    } <= keys
    declaration = AllocationDeclaration.objects.order_by("pk").first()
    assert declaration is not None
    assert declaration.policy["rate"]["record_id"] is not None  # read from the province's record

    last_year = timezone.localdate().year - 1
    assert province.periods.get(year=last_year, month=12).status == PeriodStatus.CLOSED
    closing = province.vouchers.get(closes_year=last_year)
    assert closing.status == VoucherStatus.POSTED
    assert closing.prepared_by_id != closing.reviewed_by_id
    admin = User.objects.get(username="admin")
    january = trial_balance(actor=admin, ledger=province, year=last_year + 1, month=1)
    assert not [r for r in january.rows if r.kind in (AccountKind.INCOME, AccountKind.EXPENSE) and r.opening]
    report = final_accounts(actor=admin, ledger=province, year=last_year)
    assert report.closed
    assert report.surplus == report.net_assets_closing - report.net_assets_opening
    assert date(last_year, 12, 1) >= province.opened_on
