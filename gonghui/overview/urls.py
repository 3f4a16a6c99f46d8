from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from gonghui.overview import views

app_name = "overview"
urlpatterns: list[URLPattern | URLResolver] = [
    path("<int:unit_id>/", views.unit_overview, name="unit"),
]
