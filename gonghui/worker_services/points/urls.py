"""Console URLs of service points (under the ``worker_services:`` namespace)."""

from __future__ import annotations

from django.urls import URLPattern, path

from gonghui.orgs.models import UnitStatus
from gonghui.orgs.picker import unit_search_view
from gonghui.worker_services.permissions import MANAGE_POINTS, VIEW_POINTS
from gonghui.worker_services.points import views

urlpatterns: list[URLPattern] = [
    path("points/", views.point_list, name="point_list"),
    path("points/new/", views.point_new, name="point_new"),
    path("points/export.xlsx", views.point_export, name="point_export"),
    path("points/import/", views.point_import, name="point_import"),
    path("points/import/template.xlsx", views.point_import_template, name="point_import_template"),
    path("points/units/", unit_search_view(VIEW_POINTS), name="point_view_unit_search"),
    path(
        "points/units/manage/",
        unit_search_view(MANAGE_POINTS, status=UnitStatus.ACTIVE),
        name="point_unit_search",
    ),
    path("points/reports/", views.report_list, name="point_report_list"),
    path("points/reports/<int:point_report_id>/", views.report_detail, name="point_report_detail"),
    path("points/<int:service_point_id>/", views.point_detail, name="point_detail"),
    path("points/<int:service_point_id>/edit/", views.point_edit, name="point_edit"),
]
