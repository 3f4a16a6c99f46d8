"""Member portal URLs of workers' requests (namespace ``legal_aid_portal``)."""

from __future__ import annotations

from django.urls import URLPattern, path

from gonghui.legal_aid.requests import portal_views

urlpatterns: list[URLPattern] = [
    path("legal-aid/requests/", portal_views.my_requests, name="request_mine"),
    path("legal-aid/requests/new/", portal_views.request_new, name="request_new"),
    path("legal-aid/requests/<int:worker_request_id>/", portal_views.request_detail, name="request_detail"),
]
