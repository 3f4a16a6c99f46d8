"""Console navigation of union funds, gathered from each part's ``nav_<part>.py`` (``NAV = [...]``)."""

from __future__ import annotations

import importlib

from gonghui.console.nav import NavItem

NAV: list[NavItem] = []
for _name in ("ledger", "payments", "allocation", "dues", "budgets", "audits"):
    try:
        NAV += importlib.import_module(f"gonghui.finance.nav_{_name}").NAV
    except ModuleNotFoundError as exc:
        if exc.name != f"gonghui.finance.nav_{_name}":
            raise
