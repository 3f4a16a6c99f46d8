"""Console URLs of legal aid (under the ``legal_aid:`` namespace)."""

from __future__ import annotations

from django.urls import URLPattern, path

from gonghui.legal_aid.cases import views
from gonghui.legal_aid.permissions import HANDLE_CASES, VIEW_CASES
from gonghui.orgs.picker import unit_search_view

urlpatterns: list[URLPattern] = [
    path("cases/", views.case_list, name="case_list"),
    path("cases/export.xlsx", views.case_export, name="case_export"),
    path("cases/new/", views.case_new, name="case_new"),
    path("cases/<int:case_id>/", views.case_detail, name="case_detail"),
    path("cases/units/", unit_search_view(VIEW_CASES), name="case_unit_search"),
    path("cases/handling-units/", unit_search_view(HANDLE_CASES), name="case_handle_unit_search"),
    path("lawyers/", views.lawyer_list, name="lawyer_list"),
    path("lawyers/new/", views.lawyer_new, name="lawyer_new"),
    path("lawyers/<int:lawyer_id>/", views.lawyer_edit, name="lawyer_edit"),
]
