"""Console URLs of bargaining cases (under the ``bargaining:`` namespace)."""

from __future__ import annotations

from django.urls import URLPattern, path

from gonghui.bargaining.negotiations import views
from gonghui.bargaining.permissions import VIEW_BARGAINING
from gonghui.orgs.picker import unit_search_view

urlpatterns: list[URLPattern] = [
    path("cases/", views.case_list, name="case_list"),
    path("cases/export.xlsx", views.case_export, name="case_export"),
    path("cases/new/", views.case_new, name="case_new"),
    path("cases/units/", unit_search_view(VIEW_BARGAINING), name="case_unit_search"),
    path("cases/<int:case_id>/", views.case_detail, name="case_detail"),
    path("negotiators/<int:negotiator_id>/remove/", views.negotiator_remove, name="negotiator_remove"),
]
