from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from gonghui.ratings import portal_views

app_name = "ratings_portal"
urlpatterns: list[URLPattern | URLResolver] = [
    path("ratings/", portal_views.pending, name="pending"),
    path("ratings/mine/", portal_views.mine, name="mine"),
    path("ratings/<str:kind>/<int:object_id>/", portal_views.rate, name="rate"),
]
