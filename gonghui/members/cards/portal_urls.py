"""Member portal pages of the member card, and the public card verification (``member_portal:`` namespace)."""

from __future__ import annotations

from django.urls import URLPattern, path

from gonghui.members.cards import portal_views as views

urlpatterns: list[URLPattern] = [
    path("members/card/", views.portal_card, name="card"),
    path("members/card/qr/", views.portal_card_qr, name="card_qr"),
    path("members/card/public-key/", views.card_public_key, name="card_public_key"),
]
# The public verification of a scanned card, listed after the transfer page by ``gonghui.members.portal_urls``.
verify_urlpatterns: list[URLPattern] = [
    path("verify/<str:token>/", views.verify, name="verify"),
]
