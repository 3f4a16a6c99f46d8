"""Member statistics pages under ``/console/members/`` (namespace ``members``)."""

from __future__ import annotations

from django.urls import path

from gonghui.members.permissions import VIEW_STATS
from gonghui.members.stats import views
from gonghui.orgs.picker import unit_search_view

urlpatterns = [
    path("stats/", views.stats_page, name="stats"),
    path("stats/export/", views.stats_export, name="stats_export"),
    path("stats/units/", unit_search_view(VIEW_STATS), name="stats_unit_search"),
]
