"""Console pages of 劳模工匠 (``/console/honors/``): each part's patterns, listed here."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver

from gonghui.honors.register import urls as register

app_name = "honors"
urlpatterns: list[URLPattern | URLResolver] = [*register.urlpatterns]
