"""Console URLs of mutual-aid statistics (namespace ``mutual_aid``)."""

from __future__ import annotations

from django.urls import URLPattern, path

from gonghui.mutual_aid.permissions import VIEW_MUTUAL_AID
from gonghui.mutual_aid.stats import views
from gonghui.orgs.picker import unit_search_view

urlpatterns: list[URLPattern] = [
    path("stats/", views.stats_page, name="stats"),
    path("stats.xlsx", views.stats_export, name="stats_export"),
    path("stats/units/", unit_search_view(VIEW_MUTUAL_AID), name="stats_unit_search"),
]
