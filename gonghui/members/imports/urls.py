"""Console pages of the roster import and export (``members:`` namespace, under ``/console/members/``)."""

from __future__ import annotations

from django.urls import path

from gonghui.members.imports import views
from gonghui.members.permissions import EXPORT_MEMBER, IMPORT_MEMBER
from gonghui.orgs.picker import unit_search_view

urlpatterns = [
    path("imports/", views.import_list, name="import_list"),
    path("imports/new/", views.import_new, name="import_new"),
    path("imports/units/", unit_search_view(IMPORT_MEMBER), name="import_unit_search"),
    path("imports/template.xlsx", views.import_template, name="import_template"),
    path("imports/<int:job_id>/", views.import_detail, name="import_detail"),
    path("imports/<int:job_id>/progress/", views.import_progress, name="import_progress"),
    path("imports/<int:job_id>/confirm/", views.import_confirm, name="import_confirm"),
    path("imports/<int:job_id>/cancel/", views.import_cancel, name="import_cancel"),
    path("imports/<int:job_id>/recheck/", views.import_recheck, name="import_recheck"),
    path("imports/<int:job_id>/errors/", views.import_errors, name="import_errors"),
    path("imports/<int:job_id>/failed-rows/", views.import_failed_rows, name="import_failed_rows"),
    path("export/", views.export, name="export"),
    path("export/units/", unit_search_view(EXPORT_MEMBER), name="export_unit_search"),
]
