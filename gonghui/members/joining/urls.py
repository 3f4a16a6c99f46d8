"""Console pages of online joining and gig-worker routes (``members:`` namespace, under ``/console/members/``)."""

from __future__ import annotations

from django.urls import URLPattern, path

from gonghui.members.joining import views

urlpatterns: list[URLPattern] = [
    path("join/", views.join_list, name="join_list"),
    path("join/<int:application_id>/", views.join_detail, name="join_detail"),
    path("join/gig-routes/", views.gig_routes, name="gig_routes"),
]
