"""Console URLs of the register (under the ``honors:`` namespace)."""

from __future__ import annotations

from django.urls import URLPattern, path

from gonghui.honors.permissions import VIEW_HONOREES
from gonghui.honors.register import views
from gonghui.orgs.picker import unit_search_view

urlpatterns: list[URLPattern] = [
    path("honorees/", views.honoree_list, name="honoree_list"),
    path("honorees/export.xlsx", views.honoree_export, name="honoree_export"),
    path("honorees/new/", views.honoree_new, name="honoree_new"),
    path("honorees/import/", views.honoree_import, name="honoree_import"),
    path("honorees/units/", unit_search_view(VIEW_HONOREES), name="honoree_unit_search"),
    path("honorees/<int:honoree_id>/", views.honoree_detail, name="honoree_detail"),
    path("honorees/<int:honoree_id>/revoke/", views.honoree_revoke, name="honoree_revoke"),
]
