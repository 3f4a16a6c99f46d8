"""Member portal pages of 劳模工匠: each part's patterns, listed here."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver

from gonghui.honors.campaigns import portal_urls as campaigns
from gonghui.honors.praise import portal_urls as praise
from gonghui.honors.register import portal_urls as register
from gonghui.honors.stats import portal_urls as stats
from gonghui.honors.studios import portal_urls as studios

app_name = "honors_portal"
urlpatterns: list[URLPattern | URLResolver] = [
    *register.urlpatterns,
    *campaigns.urlpatterns,
    *studios.urlpatterns,
    *praise.urlpatterns,
    *stats.urlpatterns,
]
