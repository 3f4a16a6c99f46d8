"""Console URLs of the statistics of legal aid and supervision (under the ``legal_aid:`` namespace)."""

from __future__ import annotations

from django.urls import URLPattern, path

from gonghui.legal_aid.permissions import VIEW_CASES
from gonghui.legal_aid.stats import views
from gonghui.orgs.picker import unit_search_view

urlpatterns: list[URLPattern] = [
    path("stats/", views.legal_aid_stats, name="stats"),
    path("stats.xlsx", views.legal_aid_stats_export, name="stats_export"),
    path("stats/units/", unit_search_view(VIEW_CASES), name="stats_unit_search"),
]
