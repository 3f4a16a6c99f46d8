"""Console pages of payment requests (``/console/finance/payments/``, URL names in the ``finance:`` namespace)."""

from __future__ import annotations

from django.urls import URLPattern, path

from gonghui.finance.payments import views
from gonghui.finance.permissions import VIEW_BOOKS
from gonghui.orgs.picker import unit_search_view

urlpatterns: list[URLPattern] = [
    path("payments/", views.payment_list, name="payment_list"),
    path("payments/units/", unit_search_view(VIEW_BOOKS), name="payment_unit_search"),
    path("ledgers/<int:ledger_id>/payments/new/", views.payment_create, name="payment_create"),
    path("payments/<int:payment_id>/", views.payment_detail, name="payment_detail"),
    path("payments/<int:payment_id>/approve/", views.payment_approve, name="payment_approve"),
    path("payments/<int:payment_id>/reject/", views.payment_reject, name="payment_reject"),
    path("payments/<int:payment_id>/record/", views.payment_record, name="payment_record"),
    path("payments/<int:payment_id>/reveal-account/", views.payment_reveal_account, name="payment_reveal_account"),
]
