"""Member portal URLs of service points (namespace ``worker_services_portal``): all under ``/services/points/``,
the scope of the points' service worker."""

from __future__ import annotations

from django.urls import URLPattern, path

from gonghui.worker_services.points import portal_views

urlpatterns: list[URLPattern] = [
    path("services/points/", portal_views.point_map, name="point_map"),
    path("services/points/data.json", portal_views.point_data, name="point_data"),
    path("services/points/sw.js", portal_views.service_worker, name="point_service_worker"),
    path("services/points/reports/", portal_views.my_reports, name="point_reports"),
    path("services/points/reports/<int:point_report_id>/", portal_views.report_detail, name="point_report_detail"),
    path("services/points/<int:service_point_id>/", portal_views.point_detail, name="point_detail"),
    path("services/points/<int:service_point_id>/report/", portal_views.report_new, name="point_report_new"),
]
