"""Console URLs of benefits partners (under the ``worker_services:`` namespace)."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from gonghui.orgs.picker import unit_search_view
from gonghui.worker_services.partners import views
from gonghui.worker_services.permissions import MANAGE_PARTNERS

urlpatterns: list[URLPattern | URLResolver] = [
    path("partners/", views.partner_list, name="partner_list"),
    path("partners/new/", views.partner_new, name="partner_new"),
    path("partners/units/", unit_search_view(MANAGE_PARTNERS), name="partner_unit_search"),
    path("partners/<int:partner_id>/", views.partner_detail, name="partner_detail"),
    path("partners/verifiers/<int:verifier_id>/remove/", views.verifier_remove, name="verifier_remove"),
    path("partners/redemptions/", views.redemption_list, name="redemption_list"),
    path("partners/redemptions/export.xlsx", views.redemption_export, name="redemption_export"),
]
