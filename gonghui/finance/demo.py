"""Demo data of union funds: each part's ``demo_<part>.py`` has ``seed(say)``, called here in order."""

from __future__ import annotations

import importlib
from collections.abc import Callable


def seed(say: Callable[[str], None]) -> None:
    for name in ("ledger", "payments", "allocation", "dues", "budgets", "audits"):
        try:
            module = importlib.import_module(f"gonghui.finance.demo_{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"gonghui.finance.demo_{name}":
                raise
            continue
        module.seed(say)
