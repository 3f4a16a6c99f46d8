"""Console URLs of agreements (under the ``bargaining:`` namespace)."""

from __future__ import annotations

from django.urls import URLPattern, path

from gonghui.bargaining.agreements import views

urlpatterns: list[URLPattern] = [
    path("agreements/", views.agreement_list, name="agreement_list"),
    path("agreements/export.xlsx", views.agreement_export, name="agreement_export"),
    path("cases/<int:case_id>/agreement/", views.agreement_action, name="agreement_action"),
    path("covered/<int:covered_id>/remove/", views.coverage_remove, name="coverage_remove"),
]
