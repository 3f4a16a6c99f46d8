"""Console pages of members' dues (``finance:`` namespace, under ``/console/finance/``)."""

from __future__ import annotations

from django.urls import path

from gonghui.finance.dues import views
from gonghui.finance.permissions import MANAGE_DUES, VIEW_DUES
from gonghui.orgs.picker import unit_search_view

urlpatterns = [
    path("dues/", views.dues_status, name="dues_status"),
    path("dues/units/", unit_search_view(VIEW_DUES), name="dues_unit_search"),
    path("dues/export.xlsx", views.dues_export, name="dues_export"),
    path("dues/members/<int:dues_member_id>/", views.dues_member, name="dues_member"),
    path("dues/import/", views.dues_import, name="dues_import"),
    path("dues/import/units/", unit_search_view(MANAGE_DUES), name="dues_import_unit_search"),
    path("dues/payroll/", views.dues_payroll, name="dues_payroll"),
    path("dues/receipts/", views.dues_receipts, name="dues_receipts"),
    path("dues/receipts/<int:dues_receipt_id>/", views.dues_receipt, name="dues_receipt"),
    path("dues/receipts/<int:dues_receipt_id>/act/", views.dues_receipt_act, name="dues_receipt_act"),
]
