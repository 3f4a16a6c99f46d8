"""Member portal pages of assistance: each part's patterns, listed here."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver

app_name = "assistance_portal"
urlpatterns: list[URLPattern | URLResolver] = []

# -- hardship assistance --
from gonghui.assistance.applications.portal_urls import urlpatterns as applications_portal  # noqa: E402

urlpatterns += applications_portal
# critical-illness relief (大病救助)
from gonghui.assistance.relief import portal_urls as relief_portal_urls  # noqa: E402

urlpatterns += relief_portal_urls.urlpatterns
