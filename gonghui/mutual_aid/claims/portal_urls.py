"""Member portal URLs of mutual-aid claims (namespace ``mutual_aid_portal``)."""

from __future__ import annotations

from django.urls import URLPattern, path

from gonghui.mutual_aid.claims import portal_views

urlpatterns: list[URLPattern] = [
    path("mutual-aid/claims/", portal_views.claim_list, name="claim_list"),
    path("mutual-aid/claims/new/", portal_views.claim_new, name="claim_new"),
    path("mutual-aid/claims/<int:claim_id>/", portal_views.claim_detail, name="claim_detail"),
]
