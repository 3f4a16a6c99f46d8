"""退休职工 API under ``/api/v1/``: each part's routes (and extra patterns), listed here."""

from __future__ import annotations

from typing import Any

from gonghui.retirees.clubs import api as clubs
from gonghui.retirees.condolences import api as condolences
from gonghui.retirees.stats import api as stats
from gonghui.retirees.visits import api as visits

routes: list[tuple[str, Any, str]] = [*clubs.routes, *visits.routes, *condolences.routes, *stats.routes]
urlpatterns: list[Any] = [*clubs.urlpatterns, *visits.urlpatterns, *condolences.urlpatterns, *stats.urlpatterns]
