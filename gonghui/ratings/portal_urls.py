from __future__ import annotations

from django.urls import URLPattern, URLResolver

app_name = "ratings_portal"
urlpatterns: list[URLPattern | URLResolver] = []
