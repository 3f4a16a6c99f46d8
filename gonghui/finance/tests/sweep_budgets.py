"""URL sweep resolvers of budgets: a budget in ``world.target``'s own books, CANARY in its note."""

from __future__ import annotations

from typing import Any

from gonghui.authz.testing import CANARY


def _budget(world: Any) -> int:
    from gonghui.finance.models import Budget, Ledger
    from gonghui.finance.services_budgets import budget_create
    from gonghui.finance.tests.factories import books

    ledger = Ledger.objects.filter(unit=world.target).first()
    if ledger is None:
        ledger, preparer, _reviewer = books(world.target)
    else:
        preparer = ledger.opened_by
    budget = Budget.objects.filter(ledger=ledger).first()
    if budget is None:
        from gonghui.finance.permissions import PREPARE_BUDGET, VIEW_BOOKS
        from gonghui.finance.tests.factories import staff

        actor = staff(world.target, (PREPARE_BUDGET, VIEW_BOOKS))
        budget = budget_create(actor=actor, ledger=ledger, year=2026, note=f"预算 {CANARY}")
    del preparer
    return budget.pk


RESOLVERS = {"budget_id": _budget}
LOCAL_ONLY = {"finance:budget_edit", "finance:budget_new"}
