"""Policy keys of union funds (rates, ratios, due days, budget control), gathered from ``policies_<part>.py``."""

from __future__ import annotations

import importlib

for _name in ("ledger", "payments", "allocation", "dues", "budgets", "audits"):
    try:
        importlib.import_module(f"gonghui.finance.policies_{_name}")
    except ModuleNotFoundError as exc:
        if exc.name != f"gonghui.finance.policies_{_name}":
            raise
