"""Policy keys of union funds (rates, ratios, due days, budget control): each part's ``policies`` module declares
its keys when imported; the parts that have keys are listed here."""

from __future__ import annotations

from gonghui.finance.allocation import policies as allocation_policies
from gonghui.finance.audits import policies as audits_policies
from gonghui.finance.budgets import policies as budgets_policies
from gonghui.finance.dues import policies as dues_policies

PARTS = (allocation_policies, dues_policies, budgets_policies, audits_policies)
