"""Member portal URLs of legal aid (namespace ``legal_aid_portal``)."""

from __future__ import annotations

from django.urls import URLPattern, path

from gonghui.legal_aid.cases import portal_views

urlpatterns: list[URLPattern] = [
    path("legal-aid/", portal_views.my_cases, name="case_mine"),
    path("legal-aid/new/", portal_views.case_new, name="case_new"),
    path("legal-aid/<int:case_id>/", portal_views.case_detail, name="case_detail"),
]
