"""Member portal pages of 疗休养: each part's patterns, listed here."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver

from gonghui.recuperation.booking import portal_urls as booking
from gonghui.recuperation.health import portal_urls as health
from gonghui.recuperation.sanatorium import portal_urls as sanatorium
from gonghui.recuperation.stats import portal_urls as stats
from gonghui.recuperation.trips import portal_urls as trips

app_name = "recuperation_portal"
urlpatterns: list[URLPattern | URLResolver] = [
    *trips.urlpatterns,
    *booking.urlpatterns,
    *sanatorium.urlpatterns,
    *health.urlpatterns,
    *stats.urlpatterns,
]
