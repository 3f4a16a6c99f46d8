"""Member portal pages of joining, the member card and transfer, and the public card verification."""

from __future__ import annotations

from django.urls import URLPattern, path

from gonghui.members import views_joining as views

urlpatterns: list[URLPattern] = [
    path("members/join/", views.portal_join, name="join"),
    path("members/join/employers/", views.employer_search, name="employer_search"),
    path("members/join/status/", views.join_status, name="join_status"),
    path("members/join/edit/", views.portal_join_edit, name="join_edit"),
    path("members/card/", views.portal_card, name="card"),
    path("members/card/public-key/", views.card_public_key, name="card_public_key"),
    path("members/transfer/", views.portal_transfer, name="transfer"),
    path("verify/<str:token>/", views.verify, name="verify"),
]
