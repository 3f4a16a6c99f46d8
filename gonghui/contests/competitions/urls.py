"""Console URLs of skill and teaching contests (under the ``contests:`` namespace)."""

from __future__ import annotations

from django.urls import URLPattern, path

from gonghui.contests.competitions import views
from gonghui.contests.permissions import MANAGE_COMPETITIONS, VIEW_COMPETITIONS
from gonghui.orgs.picker import unit_search_view

urlpatterns: list[URLPattern] = [
    path("competitions/", views.competition_list, name="competition_list"),
    path("competitions/new/", views.competition_new, name="competition_new"),
    path("competitions/<int:contest_id>/", views.competition_detail, name="competition_detail"),
    path("competitions/stages/<int:stage_id>/", views.competition_stage, name="competition_stage"),
    path("competitions/register/", views.competition_register_list, name="competition_register_list"),
    path("competitions/<int:contest_id>/register/", views.competition_register, name="competition_register"),
    path("competitions/stats/", views.competition_stats, name="competition_stats"),
    path("competitions/stats.xlsx", views.competition_stats_export, name="competition_stats_export"),
    path("competitions/units/", unit_search_view(VIEW_COMPETITIONS), name="competition_units"),
    path("competitions/manage-units/", unit_search_view(MANAGE_COMPETITIONS), name="competition_manage_units"),
]
