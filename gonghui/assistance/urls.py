"""Console pages of assistance (``/console/assistance/``): each part's patterns, listed here."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver

app_name = "assistance"
urlpatterns: list[URLPattern | URLResolver] = []

# -- hardship assistance --
from gonghui.assistance.applications.urls import urlpatterns as applications_urls  # noqa: E402
from gonghui.assistance.households.urls import urlpatterns as households_urls  # noqa: E402

urlpatterns += applications_urls + households_urls
# critical-illness relief (大病救助)
from gonghui.assistance.relief import urls as relief_urls  # noqa: E402

urlpatterns += relief_urls.urlpatterns
# campaigns (送温暖、金秋助学)
from gonghui.assistance.campaigns import urls as campaigns_urls  # noqa: E402

urlpatterns += campaigns_urls.urlpatterns
