from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from gonghui.finance.models import Entry, VoucherStatus
from gonghui.finance.selectors import income_statement, trial_balance
from gonghui.finance.tests.factories import books, posted

pytestmark = pytest.mark.django_db


def test_a_posted_voucher_is_numbered_and_reaches_the_reports(world):
    ledger, preparer, reviewer = books(world.target)
    v = posted(ledger, preparer, reviewer, date(2026, 3, 5), "120.50")
    assert v.status == VoucherStatus.POSTED
    assert v.number == 1
    assert Entry.objects.filter(voucher=v).count() == 2
    tb = trial_balance(actor=preparer, ledger=ledger, year=2026, month=3)
    assert tb.balanced
    assert tb.debit_total == Decimal("120.50")
    st = income_statement(actor=preparer, ledger=ledger, year=2026, month=3)
    assert st.income_month == Decimal("120.50")
    assert st.surplus_ytd == Decimal("120.50")


def test_yuan_shows_thousands_and_two_places():
    from gonghui.finance.templatetags.finance_tags import yuan

    assert yuan(Decimal("1234567.5")) == "1,234,567.50"
    assert yuan("-20") == "-20.00"
    assert yuan(None) == ""
