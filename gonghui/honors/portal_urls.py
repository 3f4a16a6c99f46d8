"""Member portal pages of 劳模工匠: each part's patterns, listed here."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver

from gonghui.honors.register import portal_urls as register

app_name = "honors_portal"
urlpatterns: list[URLPattern | URLResolver] = [*register.urlpatterns]
