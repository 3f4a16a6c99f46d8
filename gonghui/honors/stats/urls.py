"""Console URLs of the statistics of honours (under the ``honors:`` namespace)."""

from __future__ import annotations

from django.urls import URLPattern, path

from gonghui.honors.permissions import VIEW_HONOREES
from gonghui.honors.stats import views
from gonghui.orgs.picker import unit_search_view

urlpatterns: list[URLPattern] = [
    path("stats/", views.honors_stats, name="stats"),
    path("stats.xlsx", views.honors_stats_export, name="stats_export"),
    path("stats/units/", unit_search_view(VIEW_HONOREES), name="stats_unit_search"),
]
