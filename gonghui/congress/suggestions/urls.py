"""Console URLs of rational suggestions (under the ``congress:`` namespace)."""

from __future__ import annotations

from django.urls import URLPattern, path

from gonghui.congress.permissions import VIEW_CONGRESS
from gonghui.congress.suggestions import views
from gonghui.orgs.picker import unit_search_view

urlpatterns: list[URLPattern] = [
    path("suggestions/", views.suggestion_list, name="suggestion_list"),
    path("suggestions/export.xlsx", views.suggestion_export, name="suggestion_export"),
    path("suggestions/ranking/", views.suggestion_ranking, name="suggestion_ranking"),
    path("suggestions/units/", unit_search_view(VIEW_CONGRESS), name="suggestion_unit_search"),
    path("suggestions/<int:suggestion_id>/", views.suggestion_detail, name="suggestion_detail"),
]
