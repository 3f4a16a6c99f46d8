"""Console pages of 退休职工 (``/console/retirees/``): each part's patterns, listed here."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver

from gonghui.retirees.clubs import urls as clubs
from gonghui.retirees.condolences import urls as condolences
from gonghui.retirees.stats import urls as stats
from gonghui.retirees.visits import urls as visits

app_name = "retirees"
urlpatterns: list[URLPattern | URLResolver] = [
    *clubs.urlpatterns,
    *visits.urlpatterns,
    *condolences.urlpatterns,
    *stats.urlpatterns,
]
