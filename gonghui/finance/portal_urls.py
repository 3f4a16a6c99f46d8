"""Member portal pages of union funds (my payments, my dues), gathered from ``portal_urls_<part>.py``."""

from __future__ import annotations

import importlib

from django.urls import URLPattern, URLResolver

app_name = "finance_portal"
urlpatterns: list[URLPattern | URLResolver] = []
for _name in ("ledger", "payments", "allocation", "dues", "budgets", "audits"):
    try:
        urlpatterns += importlib.import_module(f"gonghui.finance.portal_urls_{_name}").urlpatterns
    except ModuleNotFoundError as exc:
        if exc.name != f"gonghui.finance.portal_urls_{_name}":
            raise
