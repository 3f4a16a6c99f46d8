"""职工服务 API under ``/api/v1/``: each part's routes (and extra patterns), listed here."""

from __future__ import annotations

from typing import Any

from gonghui.worker_services.activities import api as activities
from gonghui.worker_services.partners import api as partners
from gonghui.worker_services.points import api as points
from gonghui.worker_services.stats import api as stats
from gonghui.worker_services.surveys import api as surveys

routes: list[tuple[str, Any, str]] = [
    *activities.routes,
    *partners.routes,
    *points.routes,
    *surveys.routes,
    *stats.routes,
]
urlpatterns: list[Any] = [
    *activities.urlpatterns,
    *partners.urlpatterns,
    *points.urlpatterns,
    *surveys.urlpatterns,
    *stats.urlpatterns,
]
