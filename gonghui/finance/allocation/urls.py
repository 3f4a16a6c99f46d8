"""Console pages of the employer allocation (``finance:`` namespace, under ``/console/finance/``)."""

from __future__ import annotations

from django.urls import path

from gonghui.finance.allocation import views
from gonghui.finance.permissions import MANAGE_ALLOCATION, VIEW_ALLOCATION
from gonghui.orgs.picker import unit_search_view

urlpatterns = [
    path("allocation/", views.declaration_list, name="allocation_list"),
    path("allocation/declare/", views.declaration_new, name="allocation_declare"),
    path("allocation/<int:alloc_declaration_id>/", views.declaration_detail, name="allocation_detail"),
    path("allocation/<int:alloc_declaration_id>/late-charge/", views.late_charge_new, name="allocation_late_charge"),
    path(
        "allocation/late-charges/<int:late_settlement_id>/confirm/",
        views.late_charge_confirm,
        name="allocation_late_charge_confirm",
    ),
    path(
        "allocation/late-charges/<int:late_settlement_id>/cancel/",
        views.late_charge_cancel,
        name="allocation_late_charge_cancel",
    ),
    path("allocation/receipts/", views.receipt_list, name="allocation_receipts"),
    path(
        "allocation/receipts/<int:alloc_receipt_id>/confirm/", views.receipt_confirm, name="allocation_receipt_confirm"
    ),
    path("allocation/receipts/<int:alloc_receipt_id>/cancel/", views.receipt_cancel, name="allocation_receipt_cancel"),
    path("allocation/arrears/", views.arrears, name="allocation_arrears"),
    path("allocation/units/", unit_search_view(VIEW_ALLOCATION), name="allocation_unit_search"),
    path("allocation/arrears.xlsx", views.arrears_export, name="allocation_arrears_export"),
    path("allocation/statements/", views.statement_list, name="allocation_statements"),
    path(
        "allocation/statements/units/",
        unit_search_view(MANAGE_ALLOCATION),
        name="allocation_manage_unit_search",
    ),
    path("allocation/statements/<int:bank_statement_id>/", views.statement_detail, name="allocation_statement"),
    path("allocation/statement-lines/<int:bank_line_id>/record/", views.line_record, name="allocation_line_record"),
    path("allocation/statement-lines/<int:bank_line_id>/dismiss/", views.line_dismiss, name="allocation_line_dismiss"),
]
