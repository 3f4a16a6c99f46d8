"""Member portal pages of assistance: each part's patterns, listed here."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver

from gonghui.assistance.applications import portal_urls as applications
from gonghui.assistance.relief import portal_urls as relief

app_name = "assistance_portal"
urlpatterns: list[URLPattern | URLResolver] = [*applications.urlpatterns, *relief.urlpatterns]
