"""Member portal URLs of the openness of affairs (namespace ``congress_portal``)."""

from __future__ import annotations

from django.urls import URLPattern, path

from gonghui.congress.openness import portal_views

urlpatterns: list[URLPattern] = [
    path("congress/openness/", portal_views.my_items, name="disclosure_mine"),
    path("congress/openness/<int:item_id>/", portal_views.item_detail, name="disclosure_detail"),
]
