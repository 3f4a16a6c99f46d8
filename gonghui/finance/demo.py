"""Demo data of union funds: each part's ``seed(world)``, called here in order."""

from __future__ import annotations

from gonghui.common.demo import DemoWorld
from gonghui.finance.allocation import demo as allocation
from gonghui.finance.audits import demo as audits
from gonghui.finance.budgets import demo as budgets
from gonghui.finance.dues import demo as dues
from gonghui.finance.ledger import demo as ledger
from gonghui.finance.payments import demo as payments


def seed(world: DemoWorld) -> None:
    ledger.seed(world)
    payments.seed(world)
    allocation.seed(world)
    dues.seed(world)
    budgets.seed(world)
    audits.seed(world)
