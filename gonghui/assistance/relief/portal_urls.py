"""Member portal URLs of critical-illness relief (namespace ``assistance_portal``)."""

from __future__ import annotations

from django.urls import URLPattern, path

from gonghui.assistance.relief import portal_views

urlpatterns: list[URLPattern] = [
    path("assistance/relief/", portal_views.my_relief, name="relief_mine"),
    path("assistance/relief/new/", portal_views.relief_new, name="relief_new"),
    path("assistance/relief/<int:relief_claim_id>/", portal_views.relief_detail, name="relief_detail"),
]
