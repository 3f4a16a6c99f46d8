"""Member portal pages of 退休职工: each part's patterns, listed here."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver

from gonghui.retirees.clubs import portal_urls as clubs
from gonghui.retirees.condolences import portal_urls as condolences
from gonghui.retirees.stats import portal_urls as stats
from gonghui.retirees.visits import portal_urls as visits

app_name = "retirees_portal"
urlpatterns: list[URLPattern | URLResolver] = [
    *clubs.urlpatterns,
    *visits.urlpatterns,
    *condolences.urlpatterns,
    *stats.urlpatterns,
]
