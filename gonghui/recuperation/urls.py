"""Console pages of 疗休养 (``/console/recuperation/``): each part's patterns, listed here."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver

from gonghui.recuperation.booking import urls as booking
from gonghui.recuperation.health import urls as health
from gonghui.recuperation.sanatorium import urls as sanatorium
from gonghui.recuperation.stats import urls as stats
from gonghui.recuperation.trips import urls as trips

app_name = "recuperation"
urlpatterns: list[URLPattern | URLResolver] = [
    *trips.urlpatterns,
    *booking.urlpatterns,
    *sanatorium.urlpatterns,
    *health.urlpatterns,
    *stats.urlpatterns,
]
