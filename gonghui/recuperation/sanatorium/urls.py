"""Console URLs of the sanatorium side (under ``recuperation:``)."""

from __future__ import annotations

from django.urls import URLPattern, path

from gonghui.recuperation.sanatorium import views

urlpatterns: list[URLPattern] = [
    path("sanatorium/", views.run_list, name="run_list"),
    path("sanatorium/<int:trip_id>/", views.checkin_desk, name="checkin_desk"),
    path("sanatorium/<int:trip_id>/roll/", views.roll, name="trip_roll"),
    path("sanatorium/<int:trip_id>/incidents/", views.incident_list, name="trip_incidents"),
    path("sanatorium/<int:trip_id>/incidents/<int:incident_id>/", views.incident_update, name="incident_update"),
]
