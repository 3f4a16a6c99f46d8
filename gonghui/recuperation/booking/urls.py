"""Console URLs of recuperation bookings (under the ``recuperation:`` namespace)."""

from __future__ import annotations

from django.urls import URLPattern, path

from gonghui.recuperation.booking import views

urlpatterns: list[URLPattern] = [
    path("trips/<int:trip_id>/bookings/", views.booking_list, name="booking_list"),
    path("trips/<int:trip_id>/bookings.xlsx", views.booking_export, name="booking_export"),
    path("trips/<int:trip_id>/bookings/new/", views.booking_new, name="booking_new"),
    path("bookings/<int:booking_id>/cancel/", views.booking_cancel, name="booking_cancel"),
]
