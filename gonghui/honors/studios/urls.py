"""Console URLs of innovation studios (under the ``honors:`` namespace)."""

from __future__ import annotations

from django.urls import URLPattern, path

from gonghui.honors.permissions import VIEW_STUDIOS
from gonghui.honors.studios import views
from gonghui.orgs.picker import unit_search_view

urlpatterns: list[URLPattern] = [
    path("studios/", views.studio_list, name="studio_list"),
    path("studios/export.xlsx", views.studio_export, name="studio_export"),
    path("studios/new/", views.studio_new, name="studio_new"),
    path("studios/units/", unit_search_view(VIEW_STUDIOS), name="studio_unit_search"),
    path("studios/<int:studio_id>/", views.studio_detail, name="studio_detail"),
    path("studios/<int:studio_id>/evaluate/", views.studio_evaluate, name="studio_evaluate"),
    path("studios/<int:studio_id>/grant/", views.studio_grant, name="studio_grant"),
    path("studios/<int:studio_id>/revoke/", views.studio_revoke, name="studio_revoke"),
    path("studios/<int:studio_id>/resubmit/", views.studio_resubmit, name="studio_resubmit"),
    path("studios/<int:studio_id>/results/", views.studio_result_add, name="studio_result_add"),
    path("studios/<int:studio_id>/pairs/", views.studio_pair_add, name="studio_pair_add"),
    path("studios/pairs/<int:pair_id>/progress/", views.pair_progress, name="studio_pair_progress"),
]
