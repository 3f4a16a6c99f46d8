"""Console pages of joining, gig-worker routes and member cards (``members:`` namespace; transfers:
``urls_transfers``)."""

from __future__ import annotations

from django.urls import URLPattern, path

from gonghui.members import views_joining as views

urlpatterns: list[URLPattern] = [
    path("join/", views.join_list, name="join_list"),
    path("join/<int:application_id>/", views.join_detail, name="join_detail"),
    path("join/gig-routes/", views.gig_routes, name="gig_routes"),
    path("cards/<int:member_id>/", views.card_revoke, name="card_revoke"),
    path("cards/<int:member_id>/reissue/", views.card_reissue, name="card_reissue"),
]
