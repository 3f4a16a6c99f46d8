"""URL sweep resolvers of budgets: a draft budget in ``world.target``'s own books, CANARY in its note."""

from __future__ import annotations

from typing import Any

from gonghui.authz.testing import CANARY


def _budget(world: Any) -> int:
    from gonghui.finance.budgets.services import budget_create
    from gonghui.finance.models import Budget, Ledger
    from gonghui.finance.permissions import PREPARE_BUDGET, VIEW_BOOKS
    from gonghui.finance.tests.factories import books, staff

    ledger = Ledger.objects.filter(unit=world.target).first() or books(world.target)[0]
    budget = Budget.objects.filter(ledger=ledger).first()
    if budget is None:
        actor = staff(world.target, (PREPARE_BUDGET, VIEW_BOOKS))
        budget = budget_create(actor=actor, ledger=ledger, year=2026, note=f"预算 {CANARY}")
    return int(budget.pk)


RESOLVERS = {"budget_id": _budget}
# Editing a budget needs ``finance.prepare_budget``, held only where granted: opened as the target's own staff.
LOCAL_ONLY = {"finance:budget_edit", "finance:budget_new"}
