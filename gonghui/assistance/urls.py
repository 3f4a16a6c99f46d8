"""Console pages of assistance (``/console/assistance/``): each part's patterns, listed here."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver

from gonghui.assistance.applications import urls as applications
from gonghui.assistance.campaigns import urls as campaigns
from gonghui.assistance.households import urls as households
from gonghui.assistance.relief import urls as relief

app_name = "assistance"
urlpatterns: list[URLPattern | URLResolver] = [
    *applications.urlpatterns,
    *households.urlpatterns,
    *relief.urlpatterns,
    *campaigns.urlpatterns,
]
