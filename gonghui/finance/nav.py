"""Console navigation of union funds: each part's ``NAV``, listed here."""

from __future__ import annotations

from gonghui.console.nav import NavItem
from gonghui.finance.allocation import nav as allocation
from gonghui.finance.audits import nav as audits
from gonghui.finance.budgets import nav as budgets
from gonghui.finance.dues import nav as dues
from gonghui.finance.ledger import nav as ledger
from gonghui.finance.payments import nav as payments

NAV: list[NavItem] = [*ledger.NAV, *payments.NAV, *allocation.NAV, *dues.NAV, *budgets.NAV, *audits.NAV]
