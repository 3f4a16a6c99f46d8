"""Console URLs of recuperation statistics (under ``recuperation:``)."""

from __future__ import annotations

from django.urls import URLPattern, path

from gonghui.orgs.picker import unit_search_view
from gonghui.recuperation.permissions import VIEW_RECUPERATION
from gonghui.recuperation.stats import views

urlpatterns: list[URLPattern] = [
    path("statistics/", views.stats, name="stats"),
    path("statistics/export.xlsx", views.stats_export, name="stats_export"),
    path("statistics/units/", unit_search_view(VIEW_RECUPERATION), name="stats_unit_search"),
]
