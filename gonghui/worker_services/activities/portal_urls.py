"""Member portal URLs of services and activities (namespace ``worker_services_portal``)."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from gonghui.worker_services.activities import portal_views

urlpatterns: list[URLPattern | URLResolver] = [
    path("services/activities/", portal_views.activities, name="activities"),
    path("services/activities/mine/", portal_views.my_signups, name="my_signups"),
    path("services/activities/<int:activity_id>/", portal_views.activity_detail, name="activity_detail"),
    path("services/activities/signups/<int:signup_id>/cancel/", portal_views.signup_cancel, name="signup_cancel"),
]
