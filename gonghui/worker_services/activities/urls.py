"""Console URLs of services and activities (under the ``worker_services:`` namespace)."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from gonghui.orgs.picker import unit_search_view
from gonghui.worker_services.activities import views
from gonghui.worker_services.permissions import MANAGE_ACTIVITIES

urlpatterns: list[URLPattern | URLResolver] = [
    path("activities/", views.activity_list, name="activity_list"),
    path("activities/new/", views.activity_new, name="activity_new"),
    path("activities/units/", unit_search_view(MANAGE_ACTIVITIES), name="activity_unit_search"),
    path("activities/<int:activity_id>/", views.activity_detail, name="activity_detail"),
    path("activities/<int:activity_id>/edit/", views.activity_edit, name="activity_edit"),
    path("activities/<int:activity_id>/signups/", views.signup_list, name="signup_list"),
    path("activities/<int:activity_id>/signups/export.xlsx", views.signup_export, name="signup_export"),
    path("activities/<int:activity_id>/check-in/", views.check_in, name="activity_check_in"),
    path("signups/<int:signup_id>/cancel/", views.signup_cancel, name="signup_cancel"),
]
