"""Console pages of a member's card (``members:`` namespace, under ``/console/members/``)."""

from __future__ import annotations

from django.urls import URLPattern, path

from gonghui.members.cards import views

urlpatterns: list[URLPattern] = [
    path("cards/<int:member_id>/", views.card_revoke, name="card_revoke"),
    path("cards/<int:member_id>/reissue/", views.card_reissue, name="card_reissue"),
]
