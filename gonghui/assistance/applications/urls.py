"""Console pages of hardship applications (``assistance:`` namespace, under ``/console/assistance/``)."""

from __future__ import annotations

from django.urls import path

from gonghui.assistance.applications import views
from gonghui.assistance.permissions import VIEW_HARDSHIP
from gonghui.orgs.picker import unit_search_view

urlpatterns = [
    path("hardship/", views.hardship_list, name="hardship_list"),
    path("hardship/export.xlsx", views.hardship_export, name="hardship_export"),
    path("hardship/new/", views.hardship_new, name="hardship_new"),
    path("hardship/visits/", views.hardship_visits, name="hardship_visits"),
    path("hardship/units/", unit_search_view(VIEW_HARDSHIP), name="hardship_unit_search"),
    path("hardship/<int:hardship_id>/", views.hardship_detail, name="hardship_detail"),
    path("hardship/<int:hardship_id>/edit/", views.hardship_edit, name="hardship_edit"),
    path("hardship/<int:hardship_id>/visit/", views.hardship_visit, name="hardship_visit"),
    path("hardship/<int:hardship_id>/act/", views.hardship_act, name="hardship_act"),
    path("hardship/<int:hardship_id>/documents/", views.hardship_documents, name="hardship_documents"),
    path("hardship/<int:hardship_id>/reveal/", views.hardship_reveal, name="hardship_reveal"),
]
