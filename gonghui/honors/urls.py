"""Console pages of 劳模工匠 (``/console/honors/``): each part's patterns, listed here."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver

from gonghui.honors.campaigns import urls as campaigns
from gonghui.honors.praise import urls as praise
from gonghui.honors.register import urls as register
from gonghui.honors.stats import urls as stats
from gonghui.honors.studios import urls as studios

app_name = "honors"
urlpatterns: list[URLPattern | URLResolver] = [
    *register.urlpatterns,
    *campaigns.urlpatterns,
    *studios.urlpatterns,
    *praise.urlpatterns,
    *stats.urlpatterns,
]
