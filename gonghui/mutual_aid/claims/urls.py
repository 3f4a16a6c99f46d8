"""Console URLs of mutual-aid claims (under the ``mutual_aid:`` namespace)."""

from __future__ import annotations

from django.urls import URLPattern, path

from gonghui.mutual_aid.claims import views
from gonghui.mutual_aid.permissions import VIEW_MUTUAL_AID
from gonghui.orgs.picker import unit_search_view

urlpatterns: list[URLPattern] = [
    path("claims/", views.claim_list, name="claim_list"),
    path("claims/export.xlsx", views.claim_export, name="claim_export"),
    path("claims/new/", views.claim_new, name="claim_new"),
    path("claims/batch/", views.claim_batch, name="claim_batch"),
    path("claims/batch/template.xlsx", views.claim_batch_template, name="claim_batch_template"),
    path("claims/units/", unit_search_view(VIEW_MUTUAL_AID), name="claim_unit_search"),
    path("claims/<int:claim_id>/", views.claim_detail, name="claim_detail"),
    path("claims/<int:claim_id>/reveal/", views.claim_reveal, name="claim_reveal"),
    path("claims/<int:claim_id>/pay/", views.claim_pay, name="claim_pay"),
]
