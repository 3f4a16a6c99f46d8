"""Console URLs of employee directors and supervisors (under the ``congress:`` namespace)."""

from __future__ import annotations

from django.urls import URLPattern, path

from gonghui.congress.directors import views
from gonghui.congress.permissions import VIEW_CONGRESS
from gonghui.orgs.picker import unit_search_view

urlpatterns: list[URLPattern] = [
    path("board-seats/", views.seat_list, name="seat_list"),
    path("board-seats/new/", views.seat_new, name="seat_new"),
    path("board-seats/units/", unit_search_view(VIEW_CONGRESS), name="seat_unit_search"),
    path("board-seats/<int:seat_id>/", views.seat_detail, name="seat_detail"),
]
