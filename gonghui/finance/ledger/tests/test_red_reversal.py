"""Red reversals (红字冲销, issue 22): the reversal posts the original's lines on the same sides with negative
amounts, linked to the original; turnover does not grow and an expense account never shows a credit; the checks
of ``ledger_verify`` hold."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from gonghui.finance.ledger.selectors import income_statement, ledger_problems, trial_balance
from gonghui.finance.ledger.services import (
    voucher_approve,
    voucher_post,
    voucher_reverse,
    voucher_submit,
    voucher_update,
)
from gonghui.finance.models import Entry, VoucherStatus
from gonghui.finance.tests.factories import books, lines, posted

pytestmark = pytest.mark.django_db
MAR = date(2026, 3, 10)


def _reverse_and_post(ledger, preparer, reviewer, original, day=date(2026, 3, 20)):
    reversal = voucher_reverse(actor=preparer, voucher=original, day=day, reason="重复报销")
    voucher_submit(actor=preparer, voucher=reversal)
    voucher_approve(actor=reviewer, voucher=reversal)
    return voucher_post(actor=preparer, voucher=reversal)


def test_an_expense_reversed_in_red_shows_no_credit_and_no_turnover(world):
    ledger, preparer, reviewer = books(world.target)
    original = posted(ledger, preparer, reviewer, MAR, "500.00", debit="520101", credit="1002", summary="帮扶")
    reversal = _reverse_and_post(ledger, preparer, reviewer, original)
    assert reversal.reverses_id == original.pk
    assert reversal.status == VoucherStatus.POSTED
    entries = [(e.account.code, e.debit, e.credit) for e in Entry.objects.filter(voucher=reversal).order_by("position")]
    assert entries == [("520101", D("-500.00"), D("0.00")), ("1002", D("0.00"), D("-500.00"))]
    tb = trial_balance(actor=preparer, ledger=ledger, year=2026, month=3, include_empty=True)
    rows = {r.code: r for r in tb.rows}
    # Before: Dr 520101 500.00 and a swapped reversal Cr 520101 500.00 → debit and credit turnover 1,000.00 each.
    # Red: 500.00 + (−500.00) = 0.00 on the debit side only, nothing on the credit side.
    assert (rows["520101"].debit, rows["520101"].credit, rows["520101"].closing) == (D("0"), D("0"), D("0"))
    assert (tb.debit_total, tb.credit_total) == (D("0"), D("0"))
    assert not Entry.objects.filter(ledger=ledger, account__code="520101", credit__gt=0).exists()
    statement = income_statement(actor=preparer, ledger=ledger, year=2026, month=3)
    assert statement.expense_month == D("0")
    assert ledger_problems([ledger]) == []
    call_command("ledger_verify")


def test_a_reversal_in_a_later_month_nets_the_year(world):
    ledger, preparer, reviewer = books(world.target)
    original = posted(ledger, preparer, reviewer, MAR, "88.80")  # Dr 1002 / Cr 4001 会费收入
    _reverse_and_post(ledger, preparer, reviewer, original, day=date(2026, 4, 1))
    april = {r.code: r for r in trial_balance(actor=preparer, ledger=ledger, year=2026, month=4).rows}
    assert (april["4001"].opening, april["4001"].credit, april["4001"].debit, april["4001"].closing) == (
        D("88.80"),
        D("-88.80"),
        D("0"),
        D("0"),
    )
    assert income_statement(actor=preparer, ledger=ledger, year=2026, month=4).income_ytd == D("0")


def test_a_red_reversal_draft_keeps_negative_amounts(world):
    ledger, preparer, reviewer = books(world.target)
    original = posted(ledger, preparer, reviewer, MAR, "100.00")
    reversal = voucher_reverse(actor=preparer, voucher=original, day=MAR, reason="错账")
    with pytest.raises(ValidationError) as info:
        voucher_update(
            actor=preparer,
            voucher=reversal,
            day=MAR,
            summary="冲销",
            lines=lines(ledger, ("1002", "", "100.00"), ("4001", "100.00", "")),  # blue, sides swapped
        )
    assert info.value.code == "side"
    edited = voucher_update(
        actor=preparer,
        voucher=reversal,
        day=MAR,
        summary="冲销",
        lines=lines(ledger, ("1002", "-100.00", ""), ("4001", "", "-100.00")),
    )
    assert edited.reverses_id == original.pk
