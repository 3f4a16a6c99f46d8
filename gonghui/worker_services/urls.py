"""Console pages of 职工服务 (``/console/services/``): each part's patterns, listed here."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver

from gonghui.worker_services.activities import urls as activities
from gonghui.worker_services.partners import urls as partners
from gonghui.worker_services.points import urls as points
from gonghui.worker_services.stats import urls as stats
from gonghui.worker_services.surveys import urls as surveys

app_name = "worker_services"
urlpatterns: list[URLPattern | URLResolver] = [
    *activities.urlpatterns,
    *partners.urlpatterns,
    *points.urlpatterns,
    *surveys.urlpatterns,
    *stats.urlpatterns,
]
