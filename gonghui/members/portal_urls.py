"""Member portal pages (``/members/...``) and the public card verification (``/verify/<token>/``): each part's
patterns, listed here."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver

from gonghui.members.cards import portal_urls as cards
from gonghui.members.joining import portal_urls as joining
from gonghui.members.transfers import portal_urls as transfers

app_name = "member_portal"
urlpatterns: list[URLPattern | URLResolver] = [
    *joining.urlpatterns,
    *cards.urlpatterns,
    *transfers.urlpatterns,
    *cards.verify_urlpatterns,
]
