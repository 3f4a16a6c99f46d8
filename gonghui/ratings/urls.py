from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from gonghui.orgs.picker import unit_search_view
from gonghui.ratings import views
from gonghui.ratings.permissions import VIEW_RATINGS

app_name = "ratings"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.rating_stats, name="stats"),
    path("export/", views.rating_stats_export, name="stats_export"),
    path("list/", views.rating_list, name="list"),
    path("follow-ups/", views.follow_up_queue, name="queue"),
    path("<int:rating_id>/", views.rating_detail, name="detail"),
    path("units/search/", unit_search_view(VIEW_RATINGS), name="unit_search"),
]
