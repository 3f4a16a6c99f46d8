"""Member portal pages of online joining (``member_portal:`` namespace)."""

from __future__ import annotations

from django.urls import URLPattern, path

from gonghui.members.joining import portal_views as views

urlpatterns: list[URLPattern] = [
    path("members/join/", views.portal_join, name="join"),
    path("members/join/employers/", views.employer_search, name="employer_search"),
    path("members/join/status/", views.join_status, name="join_status"),
    path("members/join/edit/", views.portal_join_edit, name="join_edit"),
]
