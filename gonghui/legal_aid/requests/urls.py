"""Console URLs of workers' requests (under the ``legal_aid:`` namespace)."""

from __future__ import annotations

from django.urls import URLPattern, path

from gonghui.legal_aid.permissions import HANDLE_REQUESTS, VIEW_REQUESTS
from gonghui.legal_aid.requests import views
from gonghui.orgs.models import UnitStatus
from gonghui.orgs.picker import unit_search_view

urlpatterns: list[URLPattern] = [
    path("requests/", views.request_list, name="request_list"),
    path("requests/export.xlsx", views.request_export, name="request_export"),
    path("requests/stats/", views.request_stats, name="request_stats"),
    path("requests/stats/export.xlsx", views.request_stats_export, name="request_stats_export"),
    path("requests/categories/", views.category_list, name="request_categories"),
    path("requests/units/", unit_search_view(VIEW_REQUESTS), name="request_view_unit_search"),
    path(
        "requests/units/handle/",
        unit_search_view(HANDLE_REQUESTS, status=UnitStatus.ACTIVE),
        name="request_unit_search",
    ),
    path("requests/<int:worker_request_id>/", views.request_detail, name="request_detail"),
]
