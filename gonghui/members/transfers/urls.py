"""Console pages of organisational transfer (``members:`` namespace, under ``/console/members/``)."""

from __future__ import annotations

from django.urls import URLPattern, path

from gonghui.members.transfers import views

urlpatterns: list[URLPattern] = [
    path("transfers/", views.transfer_list, name="transfer_list"),
    path("transfers/units/", views.transfer_unit_search, name="transfer_unit_search"),
    path("transfers/<int:transfer_id>/", views.transfer_detail, name="transfer_detail"),
    path("<int:member_id>/transfer/", views.transfer_start, name="transfer_start"),
]
