"""Demo data of union funds: each part's ``seed(say)``, called here in order."""

from __future__ import annotations

from collections.abc import Callable

from gonghui.finance.allocation import demo as allocation
from gonghui.finance.audits import demo as audits
from gonghui.finance.budgets import demo as budgets
from gonghui.finance.dues import demo as dues
from gonghui.finance.ledger import demo as ledger
from gonghui.finance.payments import demo as payments


def seed(say: Callable[[str], None]) -> None:
    ledger.seed(say)
    payments.seed(say)
    allocation.seed(say)
    dues.seed(say)
    budgets.seed(say)
    audits.seed(say)
