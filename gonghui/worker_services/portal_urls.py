"""Member portal pages of 职工服务: each part's patterns, listed here."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver

from gonghui.worker_services.activities import portal_urls as activities
from gonghui.worker_services.partners import portal_urls as partners
from gonghui.worker_services.points import portal_urls as points
from gonghui.worker_services.stats import portal_urls as stats
from gonghui.worker_services.surveys import portal_urls as surveys

app_name = "worker_services_portal"
urlpatterns: list[URLPattern | URLResolver] = [
    *activities.urlpatterns,
    *partners.urlpatterns,
    *points.urlpatterns,
    *surveys.urlpatterns,
    *stats.urlpatterns,
]
