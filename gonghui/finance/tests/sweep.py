"""URL sweep resolvers of union funds, gathered from each part's ``tests/sweep_<part>.py``."""

from __future__ import annotations

import importlib
from typing import Any

RESOLVERS: dict[str, Any] = {}
PUBLIC: set[str] = set()
SIGNED_IN: set[str] = set()
LOCAL_ONLY: set[str] = set()
for _name in ("ledger", "payments", "allocation", "dues", "budgets", "audits", "api"):
    try:
        _module = importlib.import_module(f"gonghui.finance.tests.sweep_{_name}")
    except ModuleNotFoundError as exc:
        if exc.name != f"gonghui.finance.tests.sweep_{_name}":
            raise
        continue
    RESOLVERS.update(getattr(_module, "RESOLVERS", {}))
    PUBLIC |= set(getattr(_module, "PUBLIC", set()))
    SIGNED_IN |= set(getattr(_module, "SIGNED_IN", set()))
    LOCAL_ONLY |= set(getattr(_module, "LOCAL_ONLY", set()))
