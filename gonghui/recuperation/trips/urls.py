"""Console URLs of recuperation trips (under the ``recuperation:`` namespace)."""

from __future__ import annotations

from django.urls import URLPattern, path

from gonghui.orgs.picker import unit_search_view
from gonghui.recuperation.permissions import VIEW_RECUPERATION
from gonghui.recuperation.trips import views

urlpatterns: list[URLPattern] = [
    path("trips/", views.trip_list, name="trip_list"),
    path("trips/new/", views.trip_new, name="trip_new"),
    path("trips/units/", unit_search_view(VIEW_RECUPERATION), name="trip_unit_search"),
    path("trips/<int:trip_id>/", views.trip_detail, name="trip_detail"),
    path("trips/<int:trip_id>/edit/", views.trip_edit, name="trip_edit"),
    path("trips/<int:trip_id>/act/", views.trip_action, name="trip_action"),
    path("quotas/<int:quota_id>/allot/", views.quota_allot, name="quota_allot"),
    path("quotas/<int:quota_id>/hand-back/", views.quota_hand_back, name="quota_hand_back"),
    path("sanatoria/", views.sanatorium_list, name="sanatorium_list"),
]
