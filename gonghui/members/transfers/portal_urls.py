"""Member portal page of organisational transfer (``member_portal:`` namespace)."""

from __future__ import annotations

from django.urls import URLPattern, path

from gonghui.members.transfers import portal_views as views

urlpatterns: list[URLPattern] = [
    path("members/transfer/", views.portal_transfer, name="transfer"),
]
