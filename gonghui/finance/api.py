"""Union funds API under ``/api/v1/``: gathers the routes of each part's ``api_<part>.py``."""

from __future__ import annotations

import importlib
from typing import Any

routes: list[tuple[str, Any, str]] = []
urlpatterns: list[Any] = []
for _name in ("ledger", "payments", "allocation", "dues", "budgets", "audits"):
    try:
        _module = importlib.import_module(f"gonghui.finance.api_{_name}")
    except ModuleNotFoundError as exc:
        if exc.name != f"gonghui.finance.api_{_name}":
            raise
        continue
    routes += getattr(_module, "routes", [])
    urlpatterns += getattr(_module, "urlpatterns", [])
