"""Member portal URLs of recuperation (namespace ``recuperation_portal``)."""

from __future__ import annotations

from django.urls import URLPattern, path

from gonghui.recuperation.booking import portal_views

urlpatterns: list[URLPattern] = [
    path("recuperation/", portal_views.trips, name="trips"),
    path("recuperation/trips/<int:trip_id>/", portal_views.trip_detail, name="trip_detail"),
    path("recuperation/bookings/", portal_views.my_bookings, name="bookings"),
    path("recuperation/bookings/<int:booking_id>/", portal_views.booking_detail, name="booking_detail"),
    path("recuperation/bookings/<int:booking_id>/cancel/", portal_views.booking_cancel, name="booking_cancel"),
]
