"""Console URLs of critical-illness relief (under the ``assistance:`` namespace)."""

from __future__ import annotations

from django.urls import URLPattern, path

from gonghui.assistance.permissions import VIEW_RELIEF
from gonghui.assistance.relief import views
from gonghui.orgs.picker import unit_search_view

urlpatterns: list[URLPattern] = [
    path("relief/", views.relief_list, name="relief_list"),
    path("relief/export.xlsx", views.relief_export, name="relief_export"),
    path("relief/new/", views.relief_new, name="relief_new"),
    path("relief/stats/", views.relief_stats, name="relief_stats"),
    path("relief/units/", unit_search_view(VIEW_RELIEF), name="relief_unit_search"),
    path("relief/stats.xlsx", views.relief_stats_export, name="relief_stats_export"),
    path("relief/<int:relief_claim_id>/", views.relief_detail, name="relief_detail"),
    path("relief/<int:relief_claim_id>/reveal/", views.relief_reveal, name="relief_reveal"),
    path("relief/<int:relief_claim_id>/pay/", views.relief_pay, name="relief_pay"),
]
