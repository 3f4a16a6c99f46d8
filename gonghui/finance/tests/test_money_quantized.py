"""Money leaves the database quantized to the fen (issue 22): on SQLite a sum of decimals comes back as the float
nearest the sum to 15 significant digits (0.10 + 0.20 → ``0.300000000000000``); every report, statement, budget
figure and check reads it through ``common.money.cents``. Runs on either database: the assertions are on the text
of the amounts (two places), which a bare SQLite sum fails."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from gonghui.finance.budgets.selectors import budget_vs_actual
from gonghui.finance.budgets.services import spent
from gonghui.finance.budgets.tests.test_budgets import _approved
from gonghui.finance.closing.selectors import final_accounts, final_accounts_rollup
from gonghui.finance.ledger.selectors import account_ledger, income_statement, rollup_trial_balance, trial_balance
from gonghui.finance.permissions import AUDIT_BOOKS
from gonghui.finance.tests.factories import account, posted, staff

pytestmark = pytest.mark.django_db


def _two_places(*values: Decimal) -> None:
    for value in values:
        assert isinstance(value, Decimal)
        assert value.as_tuple().exponent == -2, f"{value!r} is not quantized to the fen"


def test_every_finance_sum_comes_back_to_the_fen(world):
    ledger, preparer, budget = _approved(world)
    reviewer = staff(world.target)
    # Sums that are not whole yuan: as floats they come back with 15 significant digits on SQLite.
    for day, amount in ((3, "0.10"), (4, "0.20"), (5, "27049.65")):
        posted(ledger, preparer, reviewer, date(2026, 3, day), amount, "1002", "4001")
    for day, amount in ((6, "0.70"), (7, "0.10"), (8, "0.25")):
        posted(ledger, preparer, reviewer, date(2026, 4, day), amount, "520101", "1002")

    tb = trial_balance(actor=preparer, ledger=ledger, year=2026, month=4)
    for r in tb.rows:
        _two_places(r.opening, r.debit, r.credit, r.closing)
    assert {r.code: str(r.opening) for r in tb.rows}["4001"] == "27049.95"

    statement = income_statement(actor=preparer, ledger=ledger, year=2026, month=4)
    for line in statement.income + statement.expense:
        _two_places(line.month, line.year_to_date)
    assert str(statement.expense_ytd) == "1.05"

    book = account_ledger(
        actor=preparer, account=account(ledger, "1002"), date_from=date(2026, 4, 1), date_to=date(2026, 4, 30)
    )
    _two_places(book.opening, book.closing)
    assert str(book.opening) == "27049.95"

    auditor = staff(world.target, (AUDIT_BOOKS,))
    for r in rollup_trial_balance(actor=auditor, unit=world.target, year=2026, month=4).rows:
        _two_places(r.opening, r.debit, r.credit)

    for report in (
        final_accounts(actor=preparer, ledger=ledger, year=2026),
        final_accounts_rollup(actor=auditor, unit=world.target, year=2026),
    ):
        for x in report.income + report.expense:
            _two_places(x.amount)
        for p in report.assets + report.liabilities + report.net_assets:
            _two_places(p.opening, p.closing)
        _two_places(report.unclosed_closing, report.surplus)
        assert str(report.surplus) == "27048.90"

    assert str(spent(ledger, "5201", 2026)) == "1.05"
    vs = budget_vs_actual(actor=preparer, budget=budget)
    for row in vs.income + vs.expense:
        _two_places(row.actual)
    assert {row.account.code: str(row.actual) for row in vs.income}["4001"] == "27049.95"
