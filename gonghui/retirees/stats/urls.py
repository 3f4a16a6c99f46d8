from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from gonghui.orgs.picker import unit_search_view
from gonghui.retirees.permissions import VIEW_RETIREES
from gonghui.retirees.stats import views

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.roster, name="roster"),
    path("export.xlsx", views.roster_export, name="roster_export"),
    path("stats/", views.stats, name="stats"),
    path("stats/export.xlsx", views.stats_export, name="stats_export"),
    path("units/search/", unit_search_view(VIEW_RETIREES), name="unit_search"),
]
