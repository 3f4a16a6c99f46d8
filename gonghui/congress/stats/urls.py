"""Console URLs of the statistics of democratic management (under the ``congress:`` namespace)."""

from __future__ import annotations

from django.urls import URLPattern, path

from gonghui.congress.permissions import VIEW_CONGRESS
from gonghui.congress.stats import views
from gonghui.orgs.picker import unit_search_view

urlpatterns: list[URLPattern] = [
    path("stats/", views.congress_stats, name="stats"),
    path("stats.xlsx", views.congress_stats_export, name="stats_export"),
    path("stats/units/", unit_search_view(VIEW_CONGRESS), name="stats_unit_search"),
]
