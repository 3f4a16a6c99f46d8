"""Member portal URLs of agreements (namespace ``bargaining_portal``)."""

from __future__ import annotations

from django.urls import URLPattern, path

from gonghui.bargaining.agreements import portal_views

urlpatterns: list[URLPattern] = [
    path("bargaining/agreements/", portal_views.my_agreements, name="agreement_mine"),
    path("bargaining/agreements/<int:agreement_id>/", portal_views.agreement_detail, name="agreement_detail"),
]
