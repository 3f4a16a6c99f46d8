"""Member portal pages of payments (``finance_portal:`` namespace, mounted at the site root)."""

from __future__ import annotations

from django.urls import URLPattern, path

from gonghui.finance.payments import portal_views

urlpatterns: list[URLPattern] = [
    path("finance/payments/", portal_views.my_payments, name="my_payments"),
]
