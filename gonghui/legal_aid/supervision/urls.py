"""Console URLs of labour-law supervision (under the ``legal_aid:`` namespace)."""

from __future__ import annotations

from django.urls import URLPattern, path

from gonghui.legal_aid.permissions import ISSUE_NOTICES, VIEW_SUPERVISION
from gonghui.legal_aid.supervision import views
from gonghui.orgs.picker import unit_search_view

urlpatterns: list[URLPattern] = [
    path("notices/", views.notice_list, name="notice_list"),
    path("notices/export.xlsx", views.notice_export, name="notice_export"),
    path("notices/new/", views.notice_new, name="notice_new"),
    path("notices/<int:notice_id>/", views.notice_detail, name="notice_detail"),
    path("notices/<int:notice_id>/print/", views.notice_print, name="notice_print"),
    path("notices/units/", unit_search_view(VIEW_SUPERVISION), name="notice_unit_search"),
    path("notices/issuing-units/", unit_search_view(ISSUE_NOTICES), name="notice_issue_unit_search"),
]
