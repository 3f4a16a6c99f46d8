"""The worker's finished trips and feedback (under ``recuperation_portal:``)."""

from __future__ import annotations

from django.urls import URLPattern, path

from gonghui.recuperation.sanatorium import portal_views

urlpatterns: list[URLPattern] = [
    path("finished/", portal_views.my_trips, name="my_trips"),
    path("finished/<int:booking_id>/feedback/", portal_views.feedback, name="trip_feedback"),
]
