"""Member statistics pages under ``/console/members/`` (namespace ``members``)."""

from __future__ import annotations

from django.urls import path

from gonghui.members.stats import views as views_stats

urlpatterns = [
    path("stats/", views_stats.stats_page, name="stats"),
    path("stats/export/", views_stats.stats_export, name="stats_export"),
]
