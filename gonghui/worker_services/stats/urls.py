"""Console URLs of worker services statistics (under the ``worker_services:`` namespace)."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from gonghui.worker_services.stats import views

urlpatterns: list[URLPattern | URLResolver] = [
    path("stats/", views.service_stats, name="stats"),
    path("stats/export.xlsx", views.service_stats_export, name="stats_export"),
]
