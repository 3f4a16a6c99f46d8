"""Budget control "block" per budget line: what one voucher charges to several sub-accounts of one budgeted
account is added up and checked once against that line's remaining amount (issue 22: a 1,000.00 line accepted
800.00 + 800.00 and went to -600.00)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gonghui.finance.budgets.services import budget_check
from gonghui.finance.budgets.tests.test_budgets import _approved, _mode
from gonghui.finance.ledger.services import voucher_create, voucher_submit
from gonghui.finance.models import VoucherEvent, VoucherStatus
from gonghui.finance.tests.factories import account, lines

pytestmark = pytest.mark.django_db

LINE = {"5201": "1000.00", "5001": "5000.00", "4001": "8000.00"}  # 5201 维权支出 covers 520101/520102/520103


def _voucher(ledger, preparer, *charges, day=date(2026, 4, 10)):
    """Debit each ``(code, amount)`` of ``charges``; credit the bank with the total."""
    total = sum((Decimal(a) for _c, a in charges), Decimal(0))
    pairs = [(code, amount, "") for code, amount in charges] + [("1002", "", str(total))]
    return voucher_create(actor=preparer, ledger=ledger, day=day, summary="维权支出", lines=lines(ledger, *pairs))


def test_one_voucher_across_two_sub_accounts_of_one_line_is_checked_as_one_charge(world):
    ledger, preparer, _b = _approved(world, amounts=LINE)
    _mode(world, "block")
    # 800.00 + 800.00 = 1,600.00 against 1,000.00: each alone fits, together they do not.
    voucher = _voucher(ledger, preparer, ("520101", "800.00"), ("520102", "800.00"))
    with pytest.raises(ValidationError) as info:
        voucher_submit(actor=preparer, voucher=voucher)
    message = " ".join(info.value.messages)
    assert "维权支出" in message
    assert "1,000.00" in message
    assert "1,600.00" in message
    voucher.refresh_from_db()
    assert voucher.status == VoucherStatus.DRAFT
    # 500.00 + 500.00 = 1,000.00 uses the line exactly; the next fen is refused.
    ok = voucher_submit(actor=preparer, voucher=_voucher(ledger, preparer, ("520101", "500.00"), ("520103", "500.00")))
    assert ok.status == VoucherStatus.SUBMITTED
    check = budget_check(ledger, account(ledger, "520102"), Decimal("0.01"), date(2026, 4, 11))
    assert (check.remaining, check.exceeded) == (Decimal("0.00"), True)
    with pytest.raises(ValidationError):
        voucher_submit(actor=preparer, voucher=_voucher(ledger, preparer, ("520102", "0.01")))


def test_a_credit_on_one_sub_account_offsets_a_debit_on_another_of_the_same_line(world):
    ledger, preparer, _b = _approved(world, amounts=LINE)
    _mode(world, "block")
    # Dr 520101 1,200.00 / Cr 520102 300.00 / Cr 1002 900.00: the line's net charge is 900.00, within 1,000.00.
    voucher = voucher_create(
        actor=preparer,
        ledger=ledger,
        day=date(2026, 4, 10),
        summary="调整",
        lines=lines(ledger, ("520101", "1200.00", ""), ("520102", "", "300.00"), ("1002", "", "900.00")),
    )
    assert voucher_submit(actor=preparer, voucher=voucher).status == VoucherStatus.SUBMITTED


def test_warn_names_the_line_once_with_the_voucher_total(world):
    ledger, preparer, _b = _approved(world, amounts=LINE)
    _mode(world, "warn")
    voucher = voucher_submit(
        actor=preparer, voucher=_voucher(ledger, preparer, ("520101", "600.00"), ("520102", "600.00"))
    )
    comment = VoucherEvent.objects.get(voucher=voucher, action="submit").comment
    assert comment.count("超出预算") == 1
    assert "5201" in comment
    assert "剩余 1,000.00 元" in comment
    assert "本次支出 1,200.00 元" in comment


def test_lines_on_different_budget_lines_are_checked_separately(world):
    ledger, preparer, _b = _approved(world, amounts=LINE)
    _mode(world, "block")
    # 900.00 on 5201's line and 4,900.00 on 5001's: each within its own line.
    voucher = _voucher(ledger, preparer, ("520101", "900.00"), ("5001", "4900.00"))
    assert voucher_submit(actor=preparer, voucher=voucher).status == VoucherStatus.SUBMITTED


cents = st.integers(min_value=1, max_value=80_000).map(lambda n: Decimal(n) / 100)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(charges=st.lists(st.tuples(st.sampled_from(["520101", "520102", "520103"]), cents), min_size=1, max_size=4))
def test_block_accepts_a_voucher_exactly_when_its_line_total_fits(world, charges):
    """Whatever the spread over sub-accounts, the voucher passes iff the sum charged to the line ≤ 1,000.00."""
    ledger, preparer, _b = _approved(world, amounts=LINE) if not hasattr(world, "_b22") else world._b22
    world._b22 = (ledger, preparer, _b)
    if not hasattr(world, "_mode22"):
        _mode(world, "block")
        world._mode22 = True
    total = sum((a for _c, a in charges), Decimal(0))
    sid = transaction.savepoint()
    try:
        voucher = _voucher(ledger, preparer, *[(c, str(a)) for c, a in charges])
        if total <= Decimal("1000.00"):
            assert voucher_submit(actor=preparer, voucher=voucher).status == VoucherStatus.SUBMITTED
        else:
            with pytest.raises(ValidationError):
                voucher_submit(actor=preparer, voucher=voucher)
    finally:
        transaction.savepoint_rollback(sid)
