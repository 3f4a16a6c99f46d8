"""Console URLs of the statistics of collective bargaining (under the ``bargaining:`` namespace)."""

from __future__ import annotations

from django.urls import URLPattern, path

from gonghui.bargaining.permissions import VIEW_BARGAINING
from gonghui.bargaining.stats import views
from gonghui.orgs.picker import unit_search_view

urlpatterns: list[URLPattern] = [
    path("stats/", views.bargaining_stats, name="stats"),
    path("stats.xlsx", views.bargaining_stats_export, name="stats_export"),
    path("stats/units/", unit_search_view(VIEW_BARGAINING), name="stats_unit_search"),
]
