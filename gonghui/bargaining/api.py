"""平等协商 API under ``/api/v1/``: each part's routes (and extra patterns), listed here."""

from __future__ import annotations

from typing import Any

from gonghui.bargaining.agreements import api as agreements
from gonghui.bargaining.negotiations import api as negotiations
from gonghui.bargaining.stats import api as stats

routes: list[tuple[str, Any, str]] = [*negotiations.routes, *agreements.routes, *stats.routes]
urlpatterns: list[Any] = [*negotiations.urlpatterns, *agreements.urlpatterns, *stats.urlpatterns]
