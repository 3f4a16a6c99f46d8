"""Union funds API under ``/api/v1/``: each part's routes (and extra patterns), listed here."""

from __future__ import annotations

from typing import Any

from gonghui.finance.allocation import api as allocation
from gonghui.finance.audits import api as audits
from gonghui.finance.budgets import api as budgets
from gonghui.finance.dues import api as dues
from gonghui.finance.ledger import api as ledger
from gonghui.finance.payments import api as payments

routes: list[tuple[str, Any, str]] = [
    *ledger.routes,
    *payments.routes,
    *allocation.routes,
    *dues.routes,
    *budgets.routes,
    *audits.routes,
]
urlpatterns: list[Any] = [*ledger.urlpatterns]
