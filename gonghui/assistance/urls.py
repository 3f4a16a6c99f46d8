"""Console pages of assistance (``/console/assistance/``): each part's patterns, listed here."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver

app_name = "assistance"
urlpatterns: list[URLPattern | URLResolver] = []
