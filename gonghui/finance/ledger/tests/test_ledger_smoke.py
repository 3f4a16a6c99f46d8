from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from gonghui.finance.ledger.selectors import income_statement, trial_balance
from gonghui.finance.models import Entry, VoucherStatus
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


def test_a_month_before_a_closed_one_cannot_be_opened_later(world):
    from django.core.exceptions import ValidationError

    from gonghui.finance.ledger.services import period_close, period_for

    ledger, preparer, reviewer = books(world.target)
    posted(ledger, preparer, reviewer, date(2026, 1, 10))
    period_for(ledger, date(2026, 3, 1))
    period_close(actor=preparer, ledger=ledger, year=2026, month=1)
    period_close(actor=preparer, ledger=ledger, year=2026, month=3)
    with pytest.raises(ValidationError) as info:
        period_for(ledger, date(2026, 2, 14))
    assert info.value.code == "closed"


def test_searching_vouchers_by_account_keeps_each_voucher_total(world):
    from gonghui.finance.ledger.selectors import voucher_list

    ledger, preparer, reviewer = books(world.target)
    posted(ledger, preparer, reviewer, date(2026, 2, 1), "80.00", debit="1002", credit="4001")
    found = list(voucher_list(actor=preparer, ledger=ledger, q="会费收入"))
    assert len(found) == 1
    assert getattr(found[0], "total") == Decimal("80.00")  # noqa: B009 - an annotation
    assert getattr(found[0], "line_count") == 2  # noqa: B009 - an annotation
