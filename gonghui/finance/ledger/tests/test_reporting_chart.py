"""The reporting chart (issue 22): every report an upper level or an auditor reads maps each union's accounts to the
first-level accounts of ``chart.REPORTING``, whatever a union renamed or added below them."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError

from gonghui.finance.ledger.chart import DEFAULT_CHART, REPORTING, reporting_code
from gonghui.finance.ledger.selectors import rollup_trial_balance
from gonghui.finance.ledger.services import account_create, account_update
from gonghui.finance.models import AccountKind
from gonghui.finance.permissions import AUDIT_BOOKS
from gonghui.finance.tests.factories import account, books, posted, staff

pytestmark = pytest.mark.django_db


def test_the_default_chart_follows_the_five_classes():
    first = {code: kind for code, _name, kind, parent in DEFAULT_CHART if parent is None}
    prefix = {
        AccountKind.ASSET: "1",
        AccountKind.LIABILITY: "2",
        AccountKind.NET_ASSETS: "3",
        AccountKind.INCOME: "4",
        AccountKind.EXPENSE: "5",
    }
    assert all(code.startswith(prefix[kind]) and len(code) == 4 for code, kind in first.items())
    assert set(REPORTING) == set(first)
    assert str(REPORTING["3101"][1]) == "工会资金结余"


@pytest.mark.parametrize(
    ("code", "want"),
    [("5201", "5201"), ("520101", "5201"), ("52010101", "5201"), ("4001", "4001"), ("5999", "5999"), ("1", "1")],
)
def test_reporting_code(code, want):
    assert reporting_code(code) == want


def test_a_first_level_account_may_not_look_like_a_sub_account_of_the_reporting_chart(world):
    ledger, preparer, _reviewer = books(world.target)
    with pytest.raises(ValidationError) as info:
        account_create(actor=preparer, ledger=ledger, code="500199", name="自设", kind="expense")
    assert info.value.code == "code"
    assert account_create(actor=preparer, ledger=ledger, code="5999", name="自设", kind="expense").code == "5999"


def test_the_rollup_trial_balance_adds_renamed_and_added_accounts_under_their_first_level(world):
    target, t_prep, t_rev = books(world.target)
    account_update(actor=t_prep, account=account(target, "5001"), name="活动费", is_active=True)
    account_create(
        actor=t_prep, ledger=target, code="500101", name="文体", kind="expense", parent=account(target, "5001")
    )
    child, c_prep, c_rev = books(world.child)
    account_create(
        actor=c_prep, ledger=child, code="500101", name="教育", kind="expense", parent=account(child, "5001")
    )
    posted(target, t_prep, t_rev, date(2026, 3, 1), "100.00", "1002", "4001")
    posted(target, t_prep, t_rev, date(2026, 3, 2), "12.30", "500101", "1002")
    posted(child, c_prep, c_rev, date(2026, 3, 3), "7.70", "500101", "1002")
    posted(child, c_prep, c_rev, date(2026, 3, 4), "60.00", "520101", "1002")
    auditor = staff(world.target, (AUDIT_BOOKS,))
    tb = rollup_trial_balance(actor=auditor, unit=world.target, year=2026, month=3)
    rows = {r.code: (r.name, r.debit, r.credit) for r in tb.rows}
    assert rows["5001"] == ("职工活动支出", D("20.00"), D("0.00"))
    assert rows["5201"] == ("维权支出", D("60.00"), D("0.00"))
    assert "500101" not in rows
    assert "520101" not in rows
    assert tb.balanced
